import { dailyStatsColumns, type DailyStatsRow } from '../../../shared/daily-stats.ts';
import { formatBitrate, formatBytes, formatCount, formatDuration } from '../../../shared/units.ts';
import { loadConfig } from '../../core/config/config-file.ts';
import { ProviderError, toSourceError } from '../../core/errors.ts';
import { createWmspanelClient } from '../../core/providers/create-provider.ts';
import { isCalendarDate } from '../../core/providers/wmspanel/report-dates.ts';
import { cliVault } from '../cli-vault.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { toCsv } from '../csv.ts';
import { oneOf, parseCommandArgs } from '../parse-command-args.ts';
import { formatTable, type Align } from '../text-table.ts';

const USAGE = `usage: streamtray report daily --source ID --from YYYY-MM-DD --to YYYY-MM-DD [--server ID] [--format table|json|csv]

WMSPanel daily stats for one source, one row per day that has data, oldest first.
  --source ID      a wmspanel source from the config
  --from, --to     the first and last calendar day, as WMSPanel counts them
  --server ID      only this server (overrides the source's "server")
  --format F       table (default, for people), json (the provider's rows and field names) or csv`;

const FORMATS = ['table', 'json', 'csv'] as const;

/** How a column reads to people: its header and how its values are written. */
function columnView(column: string): { header: string; format: (value: unknown) => string } {
  const number = (value: unknown) => (typeof value === 'number' ? value : null);
  if (column === 'date')
    return { header: 'DATE', format: (value) => (typeof value === 'string' ? value : '') };
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
  if (column === 'total_view_time')
    return { header: 'VIEW TIME', format: (value) => formatDuration(number(value)) };
  // Protocol columns keep the provider's names (mgh and dash are both "DASH" to a person; PROTOCOLS.md).
  const header = column === 'viewers' ? 'VIEWERS' : column.replace(/_viewers$/, '').toUpperCase();
  return { header, format: (value) => formatCount(number(value)) };
}

function tableOf(rows: readonly DailyStatsRow[]): string {
  const views = dailyStatsColumns(rows).map((column) => ({ column, ...columnView(column) }));
  return formatTable(
    views.map((view) => view.header),
    rows.map((row) => views.map((view) => view.format(row[view.column]))),
    views.map((view): Align => (view.column === 'date' ? 'left' : 'right')),
  );
}

function requireDate(option: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`${option} is required`);
  if (!isCalendarDate(value))
    throw new UsageError(`${option} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'WMSPanel daily stats as a table, JSON or CSV',
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
    if (values.source === undefined) throw new UsageError('--source is required');
    const from = requireDate('--from', values.from);
    const to = requireDate('--to', values.to);
    if (from > to) throw new UsageError(`--from (${from}) is after --to (${to})`);
    const format = oneOf('--format', values.format, FORMATS, 'table');
    if (values.server !== undefined && values.server.trim() === '')
      throw new UsageError('--server must not be empty');

    const config = await loadConfig(context.configPath);
    const source = config.sources.find((candidate) => candidate.id === values.source);
    if (source === undefined) {
      const known = config.sources.map((candidate) => candidate.id).join(', ') || 'none';
      throw new UsageError(`no source "${values.source}" in ${context.configPath} (configured: ${known})`);
    }
    if (source.provider !== 'wmspanel') {
      throw new UsageError(
        `source "${source.id}" is ${source.provider}: daily reports come from WMSPanel sources only`,
      );
    }

    let rows: DailyStatsRow[];
    try {
      const client = await createWmspanelClient(source, cliVault(context), {
        timeoutMs: config.requestTimeoutSeconds * 1000,
      });
      rows = await client.dailyStats({ from, to, server: values.server }, { signal: context.signal });
    } catch (error) {
      const problem = toSourceError(error);
      context.io.stderr.write(
        `streamtray report: source "${source.id}": ${problem.kind}: ${problem.message}\n`,
      );
      return error instanceof ProviderError && error.kind === 'config' ? EXIT.USAGE : EXIT.FAILED;
    }

    const { stdout, stderr } = context.io;
    if (format === 'json') stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else if (format === 'csv') stdout.write(toCsv(dailyStatsColumns(rows), rows));
    else if (rows.length === 0) stderr.write(`no data for source "${source.id}" from ${from} to ${to}\n`);
    else stdout.write(tableOf(rows));
    return EXIT.OK;
  },
};
