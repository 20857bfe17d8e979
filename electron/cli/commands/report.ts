import { isCalendarDate } from '../../../shared/calendar-date.ts';
import { toCsv } from '../../../shared/csv.ts';
import {
  ALL_SOURCES,
  reportColumns,
  type DailyReport,
  type DailyReportRequest,
} from '../../../shared/daily-report.ts';
import { formatBitrate, formatBytes, formatCount, formatViewTime } from '../../../shared/units.ts';
import { loadConfig } from '../../core/config/config-file.ts';
import { ProviderError } from '../../core/errors.ts';
import { providerReportFetchers } from '../../core/reports/report-fetchers.ts';
import { runDailyReport, selectReportSources } from '../../core/reports/run-daily-report.ts';
import { cliProviderOptions, openCliCallCounter } from '../cli-providers.ts';
import { cliVault } from '../cli-vault.ts';
import { EXIT, UsageError, type Command, type ExitCode } from '../command.ts';
import { oneOf, parseCommandArgs } from '../parse-command-args.ts';
import { formatTable, type Align } from '../text-table.ts';

const USAGE = `usage: streamtray report daily [--source ID|all] --from YYYY-MM-DD --to YYYY-MM-DD [--server ID] [--format table|json|csv]

One row per source and UTC day that has data, sorted by date then source (docs/reports.md).
  --source ID|all  one source from the config, or every source (the default)
  --from, --to     the first and last calendar day (UTC), at most 366 days
  --server ID      WMSPanel only: this server (overrides the source's "server")
  --format F       table (default, for people), json ({"rows":[…]}, the providers' field names) or csv
WMSPanel rows are the provider's daily stats; Qiniu and ScaleEngine rows are computed from the
provider's own history: peak and average viewers, peak and p95 bandwidth, traffic.
When a source fails, the other sources' rows are still printed, its error goes to stderr (and into
"errors" of the JSON), and the exit code is 1.`;

const FORMATS = ['table', 'json', 'csv'] as const;

interface ColumnView {
  header: string;
  format: (value: unknown) => string;
}

const number = (value: unknown) => (typeof value === 'number' ? value : null);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

const NAMED_COLUMNS: Record<string, ColumnView> = {
  date: { header: 'DATE', format: text },
  source: { header: 'SOURCE', format: text },
  peak_viewers: { header: 'PEAK VIEWERS', format: (value) => formatCount(number(value)) },
  avg_viewers: { header: 'AVG VIEWERS', format: (value) => formatCount(number(value)) },
  peak_bandwidth_bps: { header: 'PEAK BW', format: (value) => formatBitrate(number(value)) },
  p95_bandwidth_bps: { header: 'P95 BW', format: (value) => formatBitrate(number(value)) },
  traffic_bytes: { header: 'TRAFFIC', format: (value) => formatBytes(number(value)) },
  total_view_time: { header: 'VIEW TIME', format: (value) => formatViewTime(number(value)) },
};

/** How a column reads to people: its header and how its values are written. */
function columnView(column: string, mixed: boolean): ColumnView {
  const named = NAMED_COLUMNS[column];
  if (named !== undefined) return named;
  if (column.startsWith('message_')) {
    return {
      header: column.slice('message_'.length).toUpperCase(),
      format: (value) => formatBytes(number(value)),
    };
  }
  if (column.startsWith('max_message_')) {
    const direction = column.slice('max_message_'.length, -'_rate'.length);
    return { header: `PEAK ${direction.toUpperCase()}`, format: (value) => formatBitrate(number(value)) };
  }
  // WMSPanel's `viewers` counts connections: beside Qiniu's peak viewers it must not read the same.
  if (column === 'viewers')
    return { header: mixed ? 'CONNECTIONS' : 'VIEWERS', format: (value) => formatCount(number(value)) };
  // Protocol columns keep the provider's names (mgh and dash are both "DASH" to a person).
  return {
    header: column.replace(/_viewers$/, '').toUpperCase(),
    format: (value) => formatCount(number(value)),
  };
}

/** WMSPanel's per-protocol connection counts (`hls_viewers` …), not the computed viewer figures. */
function isProtocolColumn(column: string): boolean {
  return column.endsWith('_viewers') && !['viewers', 'peak_viewers', 'avg_viewers'].includes(column);
}

/**
 * The table for people. One WMSPanel source shows every protocol column; a mix of providers shows the
 * figures they share a meaning for (JSON and CSV always hold every field). A cell is empty where the
 * row's provider has no such field, and "—" where it has the field but no value.
 */
function tableOf(report: DailyReport): string {
  const providers = new Set(report.sources.map((source) => source.provider));
  const mixed = report.sources.length > 1;
  const rows: readonly Readonly<Record<string, unknown>>[] = report.rows;
  // A figure no row has a value for (ScaleEngine's bandwidth) is a column of dashes: left out.
  const hasValue = (column: string) => rows.some((row) => row[column] !== null && row[column] !== undefined);
  const columns = reportColumns(report.rows).filter(
    (column) =>
      (column !== 'source' || mixed) && !(providers.size > 1 && isProtocolColumn(column)) && hasValue(column),
  );
  const views = columns.map((column) => ({ column, ...columnView(column, mixed) }));
  return formatTable(
    views.map((view) => view.header),
    rows.map((row) =>
      views.map((view) => (Object.hasOwn(row, view.column) ? view.format(row[view.column]) : '')),
    ),
    views.map((view): Align => (view.column === 'date' || view.column === 'source' ? 'left' : 'right')),
  );
}

function requireDate(option: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`${option} is required`);
  if (!isCalendarDate(value))
    throw new UsageError(`${option} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** 0 when every source answered; 2 when nothing could run for want of config; otherwise 1. */
function exitCodeOf(report: DailyReport): ExitCode {
  const failed = report.sources.filter((source) => source.error !== null);
  if (failed.length === 0) return EXIT.OK;
  const allFailed = failed.length === report.sources.length;
  return allFailed && failed.every((source) => source.error?.kind === 'config') ? EXIT.USAGE : EXIT.FAILED;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'daily reports of one source or all, as a table, JSON or CSV',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      source: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      server: { type: 'string' },
      format: { type: 'string' },
    });
    if (positionals[0] !== 'daily')
      throw new UsageError('the only report is "daily": streamtray report daily …');
    if (positionals.length > 1) throw new UsageError('report daily takes no further arguments');
    if (values.source !== undefined && values.source.trim() === '')
      throw new UsageError('--source must be a source id or "all"');
    const from = requireDate('--from', values.from);
    const to = requireDate('--to', values.to);
    if (from > to) throw new UsageError(`--from (${from}) is after --to (${to})`);
    const format = oneOf('--format', values.format, FORMATS, 'table');
    if (values.server !== undefined && values.server.trim() === '')
      throw new UsageError('--server must not be empty');

    const config = await loadConfig(context.configPath);
    const request: DailyReportRequest = {
      source: values.source ?? ALL_SOURCES,
      from,
      to,
      ...(values.server === undefined ? {} : { server: values.server.trim() }),
    };
    try {
      selectReportSources(config.sources, request);
    } catch (error) {
      if (error instanceof ProviderError) throw new UsageError(`${error.message} in ${context.configPath}`);
      throw error;
    }

    // Every call counts against the account's daily budget, like the app's and serve's.
    const counter = openCliCallCounter(context);
    const fetchers = providerReportFetchers(cliVault(context), (source) =>
      cliProviderOptions(counter, config, source),
    );
    let report;
    try {
      report = await runDailyReport(request, {
        sources: config.sources,
        fetchers,
        now: Date.now,
        signal: context.signal,
      });
    } finally {
      counter.close();
    }

    const { stdout, stderr } = context.io;
    const failed = report.sources.filter((source) => source.error !== null);
    for (const source of failed) {
      stderr.write(
        `streamtray report: source "${source.id}": ${source.error?.kind}: ${source.error?.message}\n`,
      );
    }
    if (failed.length === report.sources.length) return exitCodeOf(report);

    if (format === 'json') {
      const errors = failed.map((source) => ({ source: source.id, ...source.error }));
      stdout.write(
        `${JSON.stringify({ rows: report.rows, ...(errors.length > 0 ? { errors } : {}) }, null, 2)}\n`,
      );
    } else if (format === 'csv') {
      stdout.write(
        toCsv(
          reportColumns(
            report.rows,
            report.sources.map((source) => source.provider),
          ),
          report.rows,
        ),
      );
    } else if (report.rows.length === 0) {
      stderr.write(
        `no data for ${request.source === ALL_SOURCES ? 'any source' : `source "${request.source}"`} from ${from} to ${to}\n`,
      );
    } else {
      stdout.write(tableOf(report));
    }
    if (failed.length > 0) {
      const names = failed.map((source) => `"${source.id}"`).join(', ');
      stderr.write(
        `streamtray report: the rows printed are from the sources that answered; ${names} failed (see above)\n`,
      );
    }
    return exitCodeOf(report);
  },
};
