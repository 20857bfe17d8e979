import { addDays, datesBetween, isCalendarDate, utcDateOf } from '../../shared/calendar-date.ts';
import { toCsv } from '../../shared/csv.ts';
import { ALL_SOURCES, type DailyReportRow, type ReportSource } from '../../shared/daily-report.ts';
import { nearestRank } from '../../shared/percentile.ts';

// The daily report view's logic, kept out of the component: which columns a report shows, its lines
// with the missing days as gaps, sorting, the totals and p95 rows, the trend lines and the CSV.

export type ColumnKind = 'count' | 'bitrate' | 'bytes' | 'duration';
/** How a column adds up over days: summed, the highest day, the mean day, or not at all. */
export type TotalRule = 'sum' | 'max' | 'mean' | 'none';

export interface ReportColumn {
  /** The row field, as the provider (or the computed row) names it. */
  id: string;
  kind: ColumnKind;
  total: TotalRule;
}

/** Every figure the table can show, in display order: computed rows first, then WMSPanel's. */
export const REPORT_COLUMNS: readonly ReportColumn[] = [
  { id: 'peak_viewers', kind: 'count', total: 'max' },
  { id: 'avg_viewers', kind: 'count', total: 'mean' },
  { id: 'peak_bandwidth_bps', kind: 'bitrate', total: 'max' },
  { id: 'p95_bandwidth_bps', kind: 'bitrate', total: 'none' },
  { id: 'traffic_bytes', kind: 'bytes', total: 'sum' },
  { id: 'viewers', kind: 'count', total: 'sum' },
  { id: 'total_view_time', kind: 'duration', total: 'sum' },
  { id: 'message_out', kind: 'bytes', total: 'sum' },
  { id: 'message_in', kind: 'bytes', total: 'sum' },
  { id: 'message_lost', kind: 'bytes', total: 'sum' },
  { id: 'max_message_out_rate', kind: 'bitrate', total: 'max' },
  { id: 'max_message_in_rate', kind: 'bitrate', total: 'max' },
];

type Fields = Readonly<Record<string, unknown>>;

/** A field's value when it is a number; null when the row lacks it or has no value. */
export function valueOf(row: DailyReportRow | null, column: string): number | null {
  if (row === null) return null;
  const value = (row as Fields)[column];
  return typeof value === 'number' ? value : null;
}

/** WMSPanel's figures about what publishers send in: kept for a WMSPanel report, left out of a mix. */
const INGEST_COLUMNS = new Set(['message_in', 'message_lost', 'max_message_in_rate']);

/**
 * The columns with a value in at least one row (a ScaleEngine-only report has no bandwidth columns).
 * When providers are mixed, the audience side only, so the table fits a laptop's width.
 */
export function shownColumns(
  rows: readonly DailyReportRow[],
  sources: readonly ReportSource[] = [],
): ReportColumn[] {
  const mixed = new Set(sources.map((source) => source.provider)).size > 1;
  return REPORT_COLUMNS.filter(
    (column) =>
      !(mixed && INGEST_COLUMNS.has(column.id)) && rows.some((row) => valueOf(row, column.id) !== null),
  );
}

/** One line of the table: a source's day, or a gap where a source that answered has no row that day. */
export interface ReportLine {
  key: string;
  date: string;
  sourceId: string;
  row: DailyReportRow | null;
  /** Today (UTC): the day is still running, its figures will grow. */
  partial: boolean;
}

/**
 * Every line of the report in date-then-source order: the rows, and a gap for each day up to today on
 * which a source that answered had no data. Days after today are not gaps: they have not happened.
 */
export function reportLines(
  rows: readonly DailyReportRow[],
  sources: readonly ReportSource[],
  range: { from: string; to: string },
  today: string,
): ReportLine[] {
  const byKey = new Map(rows.map((row) => [`${row.date} ${row.source}`, row]));
  const answered = sources
    .filter((source) => source.error === null)
    .map((source) => source.id)
    .sort();
  const last = range.to < today ? range.to : today;
  const lines: ReportLine[] = [];
  for (const date of datesBetween(range.from, last)) {
    for (const sourceId of answered) {
      const key = `${date} ${sourceId}`;
      lines.push({ key, date, sourceId, row: byKey.get(key) ?? null, partial: date === today });
    }
  }
  return lines;
}

/** `date`, `source` or a column id. */
export type SortKey = string;
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

/** Sorted by the key, then date and source; a gap or a missing value sorts last either way. */
export function sortLines(
  lines: readonly ReportLine[],
  order: SortOrder,
  nameOf: (sourceId: string) => string,
): ReportLine[] {
  const sign = order.descending ? -1 : 1;
  const natural = (a: ReportLine, b: ReportLine) =>
    a.date !== b.date
      ? a.date < b.date
        ? -1
        : 1
      : a.sourceId < b.sourceId
        ? -1
        : a.sourceId > b.sourceId
          ? 1
          : 0;
  return [...lines].sort((a, b) => {
    if (order.key === 'date') return sign * natural(a, b);
    if (order.key === 'source') {
      const byName = nameOf(a.sourceId).localeCompare(nameOf(b.sourceId));
      return byName !== 0 ? sign * byName : natural(a, b);
    }
    const x = valueOf(a.row, order.key);
    const y = valueOf(b.row, order.key);
    if (x === null || y === null) return x === y ? natural(a, b) : x === null ? 1 : -1;
    return x !== y ? sign * (x - y) : natural(a, b);
  });
}

/** The column over the rows, by its rule; null when no row has a value or the rule is "none". */
export function columnTotal(rows: readonly DailyReportRow[], column: ReportColumn): number | null {
  const values = rows.map((row) => valueOf(row, column.id)).filter((value) => value !== null);
  if (values.length === 0) return null;
  switch (column.total) {
    case 'sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'max':
      return Math.max(...values);
    case 'mean':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'none':
      return null;
  }
}

/** The 95th percentile (nearest rank) of the column's day values: how high a bad day goes. */
export function columnP95(rows: readonly DailyReportRow[], column: ReportColumn): number | null {
  return nearestRank(
    rows.map((row) => valueOf(row, column.id)).filter((value) => value !== null),
    0.95,
  );
}

/**
 * One trend line per source that has the figure: a value per day of the range, null on days without
 * data (a gap in the line). A source without the figure at all (WMSPanel's peak viewers) has no line.
 */
export function trendLines(
  rows: readonly DailyReportRow[],
  sources: readonly ReportSource[],
  dates: readonly string[],
  column: string,
): { sourceId: string; values: (number | null)[] }[] {
  const byKey = new Map(rows.map((row) => [`${row.date} ${row.source}`, row]));
  return sources
    .filter((source) => source.error === null)
    .map((source) => ({
      sourceId: source.id,
      values: dates.map((date) => valueOf(byKey.get(`${date} ${source.id}`) ?? null, column)),
    }))
    .filter((line) => line.values.some((value) => value !== null));
}

/**
 * The CSV of what is shown: the shown lines with data, in the shown order, the shown columns with raw
 * values (bits per second, bytes, seconds) so a spreadsheet can add them up.
 */
export function shownCsv(lines: readonly ReportLine[], columns: readonly ReportColumn[]): string {
  const ids = ['date', 'source', ...columns.map((column) => column.id)];
  const records = lines.flatMap((line) => (line.row === null ? [] : [line.row as Fields]));
  return toCsv(ids, records);
}

export function csvFileName(source: string, from: string, to: string): string {
  return `streamtray-daily-${source.replace(/[^A-Za-z0-9._-]/g, '_')}-${from}-${to}.csv`;
}

/** YYYY-MM-DD of a UTC day offset from now: report dates are calendar days, never shifted by zone. */
export function utcDate(nowMs: number, offsetDays = 0): string {
  return addDays(utcDateOf(nowMs), offsetDays);
}

// ── The view's place in the URL: #/reports?source=ID&from=…&to=… ────────────────────────────────

export interface ReportQuery {
  source: string;
  from: string;
  to: string;
}

/** The last seven UTC days, today included, of every source. */
export function defaultReportQuery(today: string): ReportQuery {
  return { source: ALL_SOURCES, from: addDays(today, -6), to: today };
}

/** The query in a `#/reports?…` hash; anything missing or not a date falls back to the default. */
export function reportQueryFromHash(hash: string, today: string): ReportQuery {
  const fallback = defaultReportQuery(today);
  const match = /^#\/reports(?:\?(.*))?$/.exec(hash);
  if (match === null) return fallback;
  const params = new URLSearchParams(match[1] ?? '');
  const date = (name: string, otherwise: string) => {
    const value = params.get(name);
    return value !== null && isCalendarDate(value) ? value : otherwise;
  };
  const source = params.get('source');
  return {
    source: source === null || source === '' ? fallback.source : source,
    from: date('from', fallback.from),
    to: date('to', fallback.to),
  };
}

export function reportHash(query: ReportQuery): string {
  return `#/reports?${new URLSearchParams({ source: query.source, from: query.from, to: query.to }).toString()}`;
}
