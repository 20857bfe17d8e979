import { isLive, liveViewers, TIME, unitHash, viewersAt } from '../common/audience.ts';

// What the simulated account's viewer.log holds: per-minute logs for 7 days, hourly for 45, daily
// beyond (docs/providers.md), all derived from audience.ts so a test can recompute any row it was served.

export interface SimApp {
  name: string;
  id: number;
  /** Live stream names and VOD paths, as `video_url` reports them. */
  streams: string[];
}

export interface ViewerLogRecord {
  app: string;
  video_url: string;
  viewer_count_avg: number;
  viewer_count_min: number;
  viewer_count_max: number;
  viewer_count_sum: number;
  time: string;
}

/** Two apps sharing `mystream_720p`, as happens when one encoder feeds a test and a production app. */
export const DEFAULT_APPS: readonly SimApp[] = [
  {
    name: 'demo-origin',
    id: 10158,
    streams: [
      'mystream_720p',
      'mystream_360p',
      'sestore3/user/path/file.mp4',
      'sestore3/user/path/trailer.mp4',
    ],
  },
  {
    name: 'events',
    id: 10159,
    streams: ['mystream_720p', 'keynote_main', 'sestore3/user/events/replay-2024.mp4'],
  },
];

export type Graph = 1 | 2 | 3 | 4;
type Step = 'minute' | 'hour' | 'day';

const STEP_MS: Record<Step, number> = { minute: TIME.MINUTE, hour: TIME.HOUR, day: TIME.DAY };
const GRAPHS: Record<Graph, { spanMs: number; step: Step }> = {
  1: { spanMs: 6 * TIME.HOUR, step: 'minute' },
  2: { spanMs: 24 * TIME.HOUR, step: 'minute' },
  3: { spanMs: 7 * TIME.DAY, step: 'hour' },
  4: { spanMs: 30 * TIME.DAY, step: 'day' },
};
const MINUTE_RETENTION_MS = 7 * TIME.DAY;
const HOUR_RETENTION_MS = 45 * TIME.DAY;
/** One minute log is the average of this many samples taken during the minute. */
export const SAMPLES_PER_MINUTE = 6;
/** Daily rows sample every 10 minutes, which keeps a 30-day answer cheap to compute. */
const DAY_SAMPLE_MS = 10 * TIME.MINUTE;

/** `YYYY-MM-DD HH:MM:SS`, UTC. */
export function formatSeTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The audience model's key for a stream: the same name in two apps is two audiences. */
export function audienceKey(app: string, stream: string): string {
  return `${app}/${stream}`;
}

function alignDown(ms: number, step: Step): number {
  return Math.floor(ms / STEP_MS[step]) * STEP_MS[step];
}

/** The granularity still kept for a bucket starting at `t`: older data survives only coarser. */
function keptStep(requested: Step, t: number, now: number): Step {
  let step = requested;
  if (step === 'minute' && now - t > MINUTE_RETENTION_MS) step = 'hour';
  if (step === 'hour' && now - t > HOUR_RETENTION_MS) step = 'day';
  return step;
}

function minuteRecord(seed: string, app: string, stream: string, t: number): ViewerLogRecord | undefined {
  const avg = viewersAt(seed, audienceKey(app, stream), t);
  if (avg === 0) return undefined; // off air: ScaleEngine logs nothing for the minute
  const spread = (what: string) => 0.08 * unitHash(seed, app, stream, what, t);
  return {
    app,
    video_url: stream,
    viewer_count_avg: avg,
    viewer_count_min: Math.floor(avg * (1 - spread('min'))),
    viewer_count_max: Math.ceil(avg * (1 + spread('max'))),
    viewer_count_sum: avg * SAMPLES_PER_MINUTE,
    time: formatSeTime(t),
  };
}

/** An hourly or daily record: statistics of the minutes on air in the bucket that have already ended. */
function bucketRecord(
  seed: string,
  app: string,
  stream: string,
  start: number,
  step: Step,
  now: number,
): ViewerLogRecord | undefined {
  const every = step === 'day' ? DAY_SAMPLE_MS : TIME.MINUTE;
  const end = Math.min(start + STEP_MS[step], now - TIME.MINUTE + 1);
  const key = audienceKey(app, stream);
  // Streams go on and off air on the hour: an hourly bucket is either on air throughout or empty.
  if (step === 'hour' && !isLive(seed, key, start)) return undefined;
  const samples: number[] = [];
  for (let t = start; t < end; t += every) {
    const v = step === 'hour' ? liveViewers(seed, key, t) : viewersAt(seed, key, t);
    if (v > 0) samples.push(v);
  }
  if (samples.length === 0) return undefined;
  const avg = Math.round(samples.reduce((a, b) => a + b, 0) / samples.length);
  return {
    app,
    video_url: stream,
    viewer_count_avg: avg,
    viewer_count_min: Math.min(...samples),
    viewer_count_max: Math.max(...samples),
    viewer_count_sum: avg * samples.length,
    time: formatSeTime(start),
  };
}

export interface ViewerLogSelection {
  apps: readonly SimApp[];
  /** Matches a `video_url`; undefined = every stream. */
  matchUrl?: ((videoUrl: string) => boolean) | undefined;
  graph: Graph;
  /** UTC epoch ms of `starttime`, if given. */
  startMs?: number | undefined;
  now: number;
  seed: string;
}

/** The rows of one viewer.log answer, oldest first, then by app and stream. */
export function viewerLogRecords(selection: ViewerLogSelection): ViewerLogRecord[] {
  const { spanMs, step: requested } = GRAPHS[selection.graph];
  const { now, seed } = selection;
  const start = selection.startMs ?? now - spanMs;
  const end = Math.min(start + spanMs, now);
  const streams = selection.apps.flatMap((app) =>
    app.streams.filter((s) => selection.matchUrl?.(s) ?? true).map((stream) => ({ app: app.name, stream })),
  );
  const records: ViewerLogRecord[] = [];
  let t = alignDown(start, requested);
  while (t < end) {
    const step = keptStep(requested, t, now);
    const bucket = alignDown(t, step);
    // Rows are "on or after" the start; a minute is logged once it has ended, longer buckets as they fill.
    const logged = bucket >= start && bucket + TIME.MINUTE <= now;
    for (const { app, stream } of logged ? streams : []) {
      const record =
        step === 'minute'
          ? minuteRecord(seed, app, stream, bucket)
          : bucketRecord(seed, app, stream, bucket, step, now);
      if (record) records.push(record);
    }
    t = bucket + STEP_MS[step];
  }
  return records;
}

/** `url` as ScaleEngine reads it: names or paths, pipe-separated, `*` matching anything. */
export function urlMatcher(patterns: readonly string[]): (videoUrl: string) => boolean {
  const regexes = patterns
    .flatMap((pattern) => pattern.split('|'))
    .filter((pattern) => pattern !== '')
    .map(
      (pattern) =>
        new RegExp(
          `^${pattern
            .split('*')
            .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
            .join('.*')}$`,
        ),
    );
  return (videoUrl) => regexes.some((regex) => regex.test(videoUrl));
}
