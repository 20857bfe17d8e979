import { z } from 'zod';

/** The per-protocol viewer counts of a daily stats row; `viewers` is their sum. */
export const DAILY_STATS_PROTOCOL_FIELDS = [
  'hls_viewers',
  'hds_viewers',
  'smooth_viewers',
  'rtsp_viewers',
  'rtmp_viewers',
  'mgh_viewers',
  'dash_viewers',
  'dvr_viewers',
  'ice_viewers',
  'pd_viewers',
] as const;

/** The documented fields of a WMSPanel daily stats row, in the order the provider documents them. */
export const DAILY_STATS_FIELDS = [
  'date',
  'viewers',
  ...DAILY_STATS_PROTOCOL_FIELDS,
  'message_in',
  'message_out',
  'message_lost',
  'max_message_in_rate',
  'max_message_out_rate',
  'total_view_time',
] as const;

const count = z.number().int().nonnegative();

/**
 * One day of WMSPanel stats. Traffic (`message_*`) is bytes, `max_message_*_rate` bits per second,
 * `total_view_time` seconds. Older accounts send other `*_viewers` keys: they are kept, not rejected.
 */
export const dailyStatsRowSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
    viewers: count,
    hls_viewers: count,
    hds_viewers: count,
    smooth_viewers: count,
    rtsp_viewers: count,
    rtmp_viewers: count,
    mgh_viewers: count,
    dash_viewers: count,
    dvr_viewers: count,
    ice_viewers: count,
    pd_viewers: count,
    message_in: count,
    message_out: count,
    message_lost: count,
    max_message_in_rate: count,
    max_message_out_rate: count,
    total_view_time: count,
  })
  .catchall(z.unknown())
  .superRefine((row, ctx) => {
    for (const [key, value] of Object.entries(row)) {
      if (key.endsWith('_viewers') && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'expected a whole number of viewers' });
      }
    }
  });
export type DailyStatsRow = z.infer<typeof dailyStatsRowSchema>;

/** The documented fields followed by any extra `*_viewers` keys the rows carry, in first-seen order. */
export function dailyStatsColumns(rows: readonly DailyStatsRow[]): string[] {
  const columns: string[] = [...DAILY_STATS_FIELDS];
  for (const row of rows) {
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  }
  return columns;
}
