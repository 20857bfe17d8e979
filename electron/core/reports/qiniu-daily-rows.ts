import { utcDateOf } from '../../../shared/calendar-date.ts';
import type { ComputedDailyRow } from '../../../shared/daily-report.ts';
import { nearestRank } from '../../../shared/percentile.ts';

/** Pili's history buckets are five minutes long: each one's mean bandwidth lasted 300 s. */
export const QINIU_BUCKET_SECONDS = 300;

export interface QiniuBucket {
  /** Unix seconds, start of the 5-minute bucket. */
  time: number;
  count: number;
  bandwidth: number;
}

/**
 * One row per UTC day of [from, to] that has buckets: peak = max, avg = mean, p95 = nearest rank of the
 * day's bucket bandwidths, traffic = Σ bandwidth × 300 / 8 bytes. A bucket belongs to the day it starts
 * in; a repeated bucket (overlapping pages) counts once. Days without buckets are absent.
 */
export function qiniuDailyRows(
  sourceId: string,
  buckets: readonly QiniuBucket[],
  from: string,
  to: string,
): ComputedDailyRow[] {
  const byDay = new Map<string, Map<number, QiniuBucket>>();
  for (const bucket of buckets) {
    const date = utcDateOf(bucket.time * 1000);
    if (date < from || date > to) continue;
    let day = byDay.get(date);
    if (day === undefined) byDay.set(date, (day = new Map<number, QiniuBucket>()));
    day.set(bucket.time, bucket);
  }
  return [...byDay.keys()].sort().map((date) => {
    const day = [...(byDay.get(date)?.values() ?? [])];
    const counts = day.map((bucket) => bucket.count);
    const bandwidths = day.map((bucket) => bucket.bandwidth);
    const bandwidthSum = bandwidths.reduce((sum, value) => sum + value, 0);
    return {
      date,
      source: sourceId,
      peak_viewers: Math.max(...counts),
      avg_viewers: counts.reduce((sum, value) => sum + value, 0) / counts.length,
      peak_bandwidth_bps: Math.max(...bandwidths),
      p95_bandwidth_bps: nearestRank(bandwidths, 0.95),
      traffic_bytes: (bandwidthSum * QINIU_BUCKET_SECONDS) / 8,
    };
  });
}
