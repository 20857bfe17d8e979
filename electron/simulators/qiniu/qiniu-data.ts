import { bitrateOf, isLive, liveViewers, TIME, viewersAt, viewersIfLive } from '../common/audience.ts';

// What a simulated Pili hub reports, as pure functions of (seed, streams, time) so tests can recompute it.
// Pili samples once a minute and stores 5-minute means (docs/providers.md); buckets are labelled by their
// start, in Unix seconds.

export interface PiliStat {
  count: number;
  bandwidth: number;
}

export interface PiliLive {
  total: PiliStat;
  streams: Record<string, PiliStat>;
}

export const BUCKET_SECONDS = 300;
const SAMPLES_PER_BUCKET = BUCKET_SECONDS / 60;

export interface HubModel {
  seed: string;
  streams: readonly string[];
}

/** `/stat/play` during the minute containing `atMs`: streams off air are absent, not zero. */
export function liveAt(model: HubModel, atMs: number): PiliLive {
  const minute = Math.floor(atMs / TIME.MINUTE) * TIME.MINUTE;
  const streams: Record<string, PiliStat> = {};
  let count = 0;
  let bandwidth = 0;
  for (const name of model.streams) {
    const viewers = viewersIfLive(model.seed, name, minute);
    if (viewers === null) continue;
    const bps = viewers * bitrateOf(model.seed, name);
    streams[name] = { count: viewers, bandwidth: bps };
    count += viewers;
    bandwidth += bps;
  }
  return { total: { count, bandwidth }, streams };
}

function sampleMinutes(bucketSeconds: number): number[] {
  return Array.from({ length: SAMPLES_PER_BUCKET }, (_, i) => bucketSeconds * 1000 + i * TIME.MINUTE);
}

/** The hub's 5-minute mean starting at `bucketSeconds` (rounded, as Pili stores whole numbers). */
export function hubBucket(model: HubModel, bucketSeconds: number): PiliStat {
  const minutes = sampleMinutes(bucketSeconds);
  const first = minutes[0] ?? 0;
  const last = minutes[minutes.length - 1] ?? first;
  let count = 0;
  let bandwidth = 0;
  if (Math.floor(first / TIME.HOUR) === Math.floor(last / TIME.HOUR)) {
    // The usual case, summed stream by stream: the bucket lies in one hour and streams go on and off air
    // on the hour, so each stream's liveness is looked up once (history answers cover months).
    for (const name of model.streams) {
      if (!isLive(model.seed, name, first)) continue;
      const rate = bitrateOf(model.seed, name);
      for (const minute of minutes) {
        const viewers = liveViewers(model.seed, name, minute);
        count += viewers;
        bandwidth += viewers * rate;
      }
    }
  } else {
    for (const minute of minutes) {
      const live = liveAt(model, minute);
      count += live.total.count;
      bandwidth += live.total.bandwidth;
    }
  }
  return {
    count: Math.round(count / SAMPLES_PER_BUCKET),
    bandwidth: Math.round(bandwidth / SAMPLES_PER_BUCKET),
  };
}

/**
 * Each stream's 5-minute mean for the bucket starting at `bucketSeconds`. Streams go on and off air on the
 * hour, so a stream is either live for the whole bucket (listed, possibly with 0 viewers) or absent.
 */
export function streamBuckets(model: HubModel, bucketSeconds: number): { key: string; stats: PiliStat }[] {
  const minutes = sampleMinutes(bucketSeconds);
  const out: { key: string; stats: PiliStat }[] = [];
  for (const name of model.streams) {
    if (!minutes.some((minute) => isLive(model.seed, name, minute))) continue;
    const rate = bitrateOf(model.seed, name);
    let count = 0;
    for (const minute of minutes) count += viewersAt(model.seed, name, minute);
    const mean = count / SAMPLES_PER_BUCKET;
    out.push({ key: name, stats: { count: Math.round(mean), bandwidth: Math.round(mean * rate) } });
  }
  return out;
}

export function alignDown(seconds: number): number {
  return Math.floor(seconds / BUCKET_SECONDS) * BUCKET_SECONDS;
}

export function alignUp(seconds: number): number {
  return Math.ceil(seconds / BUCKET_SECONDS) * BUCKET_SECONDS;
}
