import { dailyStatsColumns, type DailyStatsRow } from '../../shared/daily-stats.ts';

/** RFC 4180: quote a field when it holds a comma, quote or line break, doubling inner quotes. */
function csvField(value: unknown): string {
  const text =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : value === undefined || value === null
        ? ''
        : (JSON.stringify(value) ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The rows as CSV with every documented field (and any extra `*_viewers` columns the account sends),
 * raw provider units as the CLI's `report daily --format csv` prints them, so spreadsheets add them up.
 */
export function dailyCsv(rows: readonly DailyStatsRow[]): string {
  const columns = dailyStatsColumns(rows);
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export interface DailyTotals {
  viewers: number;
  totalViewTime: number;
  messageIn: number;
  messageOut: number;
  messageLost: number;
  maxIn: number;
  maxOut: number;
}

/** Sums over the range; peaks are the highest day's peak, not a sum. */
export function dailyTotals(rows: readonly DailyStatsRow[]): DailyTotals {
  return rows.reduce<DailyTotals>(
    (sum, row) => ({
      viewers: sum.viewers + row.viewers,
      totalViewTime: sum.totalViewTime + row.total_view_time,
      messageIn: sum.messageIn + row.message_in,
      messageOut: sum.messageOut + row.message_out,
      messageLost: sum.messageLost + row.message_lost,
      maxIn: Math.max(sum.maxIn, row.max_message_in_rate),
      maxOut: Math.max(sum.maxOut, row.max_message_out_rate),
    }),
    { viewers: 0, totalViewTime: 0, messageIn: 0, messageOut: 0, messageLost: 0, maxIn: 0, maxOut: 0 },
  );
}

/** YYYY-MM-DD of a UTC day offset from now: WMSPanel dates are calendar days, never shifted by zone. */
export function utcDate(nowMs: number, offsetDays = 0): string {
  return new Date(nowMs + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export function csvFileName(sourceId: string, from: string, to: string): string {
  return `streamtray-daily-${sourceId.replace(/[^A-Za-z0-9._-]/g, '_')}-${from}-${to}.csv`;
}
