import { z } from 'zod';
import { isCalendarDate } from './calendar-date.ts';
import { DAILY_STATS_FIELDS, dailyStatsRowSchema } from './daily-stats.ts';
import { providerKindSchema, sourceErrorSchema } from './domain.ts';

// `report daily` for every provider (docs/reports.md): WMSPanel's own daily rows, and rows Streamtray
// computes for Qiniu and ScaleEngine from the provider's history, one per UTC day that has data.

/** `--source all` and the dashboard's "All sources": every configured source. */
export const ALL_SOURCES = 'all';

export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'expected a calendar date YYYY-MM-DD' });

/** The fields of a computed row, in the order they are printed. */
export const COMPUTED_DAILY_FIELDS = [
  'peak_viewers',
  'avg_viewers',
  'peak_bandwidth_bps',
  'p95_bandwidth_bps',
  'traffic_bytes',
] as const;

const measure = z.number().nonnegative().nullable();

/**
 * One UTC day of a Qiniu or ScaleEngine source. Viewers are concurrent viewers; bandwidth is bits per
 * second, traffic bytes; `null` where the provider has no such figure (ScaleEngine has no bandwidth).
 */
export const computedDailyRowSchema = z.strictObject({
  date: calendarDateSchema,
  source: z.string(),
  peak_viewers: measure,
  avg_viewers: measure,
  peak_bandwidth_bps: measure,
  p95_bandwidth_bps: measure,
  traffic_bytes: measure,
});
export type ComputedDailyRow = z.infer<typeof computedDailyRowSchema>;

/** A WMSPanel daily stats row as the provider names its fields, plus the source it came from. */
export const wmspanelReportRowSchema = dailyStatsRowSchema.safeExtend({ source: z.string() });
export type WmspanelReportRow = z.infer<typeof wmspanelReportRowSchema>;

export const dailyReportRowSchema = z.union([computedDailyRowSchema, wmspanelReportRowSchema]);
export type DailyReportRow = z.infer<typeof dailyReportRowSchema>;

export function isWmspanelRow(row: DailyReportRow): row is WmspanelReportRow {
  return 'total_view_time' in row;
}

export const dailyReportRequestSchema = z.object({
  /** A source id, or `all` (the default). */
  source: z.string().min(1).default(ALL_SOURCES),
  from: calendarDateSchema,
  to: calendarDateSchema,
  /** WMSPanel's server filter; other providers have none. */
  server: z.string().trim().min(1).optional(),
});
export type DailyReportRequest = z.infer<typeof dailyReportRequestSchema>;

/** How each asked-for source fared: `error` null when its rows are in the report. */
export const reportSourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: providerKindSchema,
  error: sourceErrorSchema.nullable(),
});
export type ReportSource = z.infer<typeof reportSourceSchema>;

export const dailyReportSchema = z.object({
  /** Sorted by date, then source id. */
  rows: z.array(dailyReportRowSchema),
  sources: z.array(reportSourceSchema),
});
export type DailyReport = z.infer<typeof dailyReportSchema>;

/** Date then source id: the order of every report, whichever sources it holds. */
export function compareReportRows(a: DailyReportRow, b: DailyReportRow): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

const WMSPANEL_FIELDS = DAILY_STATS_FIELDS.filter((field) => field !== 'date');
const KNOWN_ORDER: readonly string[] = ['date', 'source', ...COMPUTED_DAILY_FIELDS, ...WMSPANEL_FIELDS];

/**
 * The union of the rows' fields: date and source, the computed fields, WMSPanel's documented fields,
 * then any extra fields an account sends, in first-seen order. Without rows: the columns the providers
 * asked for would have.
 */
export function reportColumns(
  rows: readonly DailyReportRow[],
  providers: readonly z.infer<typeof providerKindSchema>[] = [],
): string[] {
  const present = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) present.add(key);
  if (rows.length === 0) {
    present.add('date').add('source');
    for (const provider of providers) {
      for (const field of provider === 'wmspanel' ? WMSPANEL_FIELDS : COMPUTED_DAILY_FIELDS)
        present.add(field);
    }
  }
  const columns = KNOWN_ORDER.filter((column) => present.has(column));
  for (const key of present) if (!KNOWN_ORDER.includes(key)) columns.push(key);
  return columns;
}
