import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Exposition } from './prometheus-exposition.ts';

// Reads docs/grafana/streamtray-dashboard.json the way Grafana would and lists the metric names its
// queries use, so tests can check each one against what Streamtray really exposes.

export const DASHBOARD_FILE = new URL('../../docs/grafana/streamtray-dashboard.json', import.meta.url);

const targetSchema = z.object({ refId: z.string(), expr: z.string().min(1) });
const panelSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string().min(1),
  gridPos: z.object({ x: z.number().int(), y: z.number().int(), w: z.number().int(), h: z.number().int() }),
  targets: z.array(targetSchema).optional(),
});
const dashboardSchema = z.object({
  uid: z.string().min(1),
  title: z.string().min(1),
  schemaVersion: z.number().int(),
  panels: z.array(panelSchema).min(1),
  templating: z.object({
    list: z.array(z.object({ name: z.string(), type: z.string(), definition: z.string().optional() })),
  }),
});
export type GrafanaDashboard = z.infer<typeof dashboardSchema>;

export function readDashboard(): GrafanaDashboard {
  return dashboardSchema.parse(JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')));
}

/** Every PromQL text in the dashboard: panel targets and template-variable queries. */
export function dashboardQueries(dashboard = readDashboard()): string[] {
  return [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
    ...dashboard.templating.list.flatMap((variable) => (variable.definition ? [variable.definition] : [])),
  ];
}

const METRIC_NAME = /\b(?:streamtray|process|nodejs)_[a-zA-Z0-9_]+\b/g;

export function dashboardMetricNames(dashboard = readDashboard()): string[] {
  return [...new Set(dashboardQueries(dashboard).flatMap((query) => query.match(METRIC_NAME) ?? []))].sort();
}

/** The family a sample name belongs to: a histogram's _bucket, _sum and _count are its own family's. */
function familyOf(exposition: Exposition, name: string): string | undefined {
  if (exposition.types.has(name)) return name;
  const base = /^(.*)_(?:bucket|sum|count)$/.exec(name)?.[1];
  return base !== undefined && exposition.types.get(base) === 'histogram' ? base : undefined;
}

/** Names the dashboard queries that the exposition does not declare, or declares with no sample. */
export function missingMetrics(exposition: Exposition, names = dashboardMetricNames()): string[] {
  return names.filter((name) => {
    const family = familyOf(exposition, name);
    if (family === undefined) return true;
    const sample = family === name && exposition.types.get(family) === 'histogram' ? `${name}_count` : name;
    return exposition.find(sample).length === 0;
  });
}
