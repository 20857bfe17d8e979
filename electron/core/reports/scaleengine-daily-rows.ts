import type { ComputedDailyRow } from '../../../shared/daily-report.ts';

export interface ScaleEngineLogRow {
  app: string;
  video_url: string;
  viewer_count_avg: number;
  viewer_count_max: number;
  /** `YYYY-MM-DD HH:MM:SS`, UTC: the start of the hour or day the row covers. */
  time: string;
}

/**
 * One row per UTC day of [from, to] from hourly or daily viewer.log rows. The audience of a logged
 * bucket (an hour, or a whole day for old data) is the sum over its streams; peak = the highest summed
 * `viewer_count_max` of the day's buckets, avg = the mean of their summed `viewer_count_avg` (the
 * average audience while something was on air: ScaleEngine logs nothing for empty buckets). It has no
 * bandwidth, so bandwidth and traffic are null. Days without rows are absent.
 */
export function scaleEngineDailyRows(
  sourceId: string,
  rows: readonly ScaleEngineLogRow[],
  from: string,
  to: string,
): ComputedDailyRow[] {
  // day → bucket time → stream → row: a row served twice (overlapping windows) counts once.
  const byDay = new Map<string, Map<string, Map<string, ScaleEngineLogRow>>>();
  for (const row of rows) {
    const date = row.time.slice(0, 10);
    if (date < from || date > to) continue;
    let day = byDay.get(date);
    if (day === undefined) byDay.set(date, (day = new Map<string, Map<string, ScaleEngineLogRow>>()));
    let bucket = day.get(row.time);
    if (bucket === undefined) day.set(row.time, (bucket = new Map<string, ScaleEngineLogRow>()));
    bucket.set(JSON.stringify([row.app, row.video_url]), row);
  }
  return [...byDay.keys()].sort().map((date) => {
    const buckets = [...(byDay.get(date)?.values() ?? [])].map((streams) => {
      let avg = 0;
      let max = 0;
      for (const row of streams.values()) {
        avg += row.viewer_count_avg;
        max += row.viewer_count_max;
      }
      return { avg, max };
    });
    return {
      date,
      source: sourceId,
      peak_viewers: Math.max(...buckets.map((bucket) => bucket.max)),
      avg_viewers: buckets.reduce((sum, bucket) => sum + bucket.avg, 0) / buckets.length,
      peak_bandwidth_bps: null,
      p95_bandwidth_bps: null,
      traffic_bytes: null,
    };
  });
}
