// The Prometheus text exposition format (version 0.0.4), so teams can scrape Streamtray into the
// Prometheus and Grafana they already run. Stream names and source ids are operator- and
// provider-controlled text, so label values are escaped exactly as the format requires.

export type MetricType = 'gauge' | 'counter' | 'untyped';

export interface MetricSample {
  labels?: Readonly<Record<string, string>>;
  /** null: the value is unknown (a provider without it). Prometheus has no null, so the line is omitted. */
  value: number | null;
  /** UTC epoch ms the value describes; omitted means "at scrape time". */
  timestampMs?: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: readonly MetricSample[];
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Backslash, double quote and line feed are the three characters a label value must escape. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes only backslash and line feed (quotes are literal there). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(family: string, labels: Readonly<Record<string, string>> | undefined): string {
  if (labels === undefined) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new Error(`metric ${family}: label name "${name}" is not valid in Prometheus`);
    }
    parts.push(`${name}="${escapeLabelValue(value)}"`);
  }
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** Renders the families in the given order, each with its HELP and TYPE lines, ending in a newline. */
export function formatPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const family of families) {
    if (!METRIC_NAME.test(family.name))
      throw new Error(`metric name "${family.name}" is not valid in Prometheus`);
    // A family split over two blocks is rejected by Prometheus' parser: catch it here instead.
    if (seen.has(family.name)) throw new Error(`metric ${family.name} appears twice`);
    seen.add(family.name);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      if (sample.value === null) continue;
      const timestamp = sample.timestampMs === undefined ? '' : ` ${Math.trunc(sample.timestampMs)}`;
      lines.push(
        `${family.name}${formatLabels(family.name, sample.labels)} ${formatSampleValue(sample.value)}${timestamp}`,
      );
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
