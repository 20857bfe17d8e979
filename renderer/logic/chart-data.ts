import type { Series, Snapshot } from '../../shared/bridge.ts';

/** Ranges ending now; history keeps 5-minute rollups for 90 days and daily ones beyond. */
export const RANGES = ['1h', '6h', '24h', '7d', '30d', '90d'] as const;
export type RangeId = (typeof RANGES)[number];

const HOUR_MS = 3_600_000;
export const RANGE_MS: Record<RangeId, number> = {
  '1h': HOUR_MS,
  '6h': 6 * HOUR_MS,
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
  '90d': 90 * 24 * HOUR_MS,
};

/** Enough points to fill a wide chart without sending the renderer more than it can draw. */
export const CHART_POINTS = 600;
/** The narrowest range a drag may zoom into: below it, the points are farther apart than the range. */
export const MIN_ZOOM_MS = 2 * 60_000;

/** What a chart shows: a range ending now (kept live), or a fixed window (custom or zoomed). */
export type ChartRange = { kind: 'preset'; id: RangeId } | { kind: 'custom'; fromMs: number; toMs: number };

export function isRangeId(text: string): text is RangeId {
  return (RANGES as readonly string[]).includes(text);
}

export function rangeWindow(range: RangeId | ChartRange, nowMs: number): { fromMs: number; toMs: number } {
  const chosen: ChartRange = typeof range === 'string' ? { kind: 'preset', id: range } : range;
  if (chosen.kind === 'custom') return { fromMs: chosen.fromMs, toMs: chosen.toMs };
  return { fromMs: nowMs - RANGE_MS[chosen.id], toMs: nowMs };
}

/**
 * A custom window from two typed ends, or why it cannot be one. Ends later than now are pulled back to
 * now, since history has nothing there.
 */
export function customRange(
  fromMs: number | null,
  toMs: number | null,
  nowMs: number,
): { ok: true; range: ChartRange } | { ok: false; problem: 'missing' | 'order' | 'future' } {
  if (fromMs === null || toMs === null || !Number.isFinite(fromMs) || !Number.isFinite(toMs))
    return { ok: false, problem: 'missing' };
  if (fromMs >= nowMs) return { ok: false, problem: 'future' };
  const end = Math.min(toMs, nowMs);
  if (end - fromMs < MIN_ZOOM_MS) return { ok: false, problem: 'order' };
  return { ok: true, range: { kind: 'custom', fromMs, toMs: end } };
}

/** A dragged span of the axis as a window to zoom into; too narrow a drag (a click) zooms nowhere. */
export function zoomWindow(aMs: number, bMs: number): ChartRange | null {
  const fromMs = Math.round(Math.min(aMs, bMs));
  const toMs = Math.round(Math.max(aMs, bMs));
  return toMs - fromMs < MIN_ZOOM_MS ? null : { kind: 'custom', fromMs, toMs };
}

/**
 * The spacing the points really have: the median gap between neighbours over every series (the server's
 * bucket can be coarser or finer than what was stored). null with fewer than two points.
 */
export function pointSpacing(series: readonly Pick<Series, 't'>[]): number | null {
  const gaps: number[] = [];
  for (const one of series) {
    for (let index = 1; index < one.t.length; index += 1) {
      const gap = (one.t[index] ?? 0) - (one.t[index - 1] ?? 0);
      if (gap > 0) gaps.push(gap);
    }
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? null;
}

/** Whether any series has a value (not just times with nulls) to draw. */
export function hasValues(series: readonly Series[], metric: Metric): boolean {
  return series.some((one) => one[metric].some((value) => value !== null));
}

export type Metric = 'viewers' | 'bandwidthBps';

export interface ChartPoint {
  x: number;
  y: number | null;
}

export interface ChartLine {
  /** Stable across updates, so Chart.js can keep a line's colour and hidden state. */
  id: string;
  label: string;
  /** The series' own arrays (not copied): times in epoch ms, values with null for gaps. */
  x: readonly number[];
  y: readonly (number | null)[];
}

/** One line per series for one metric; gaps (null) stay gaps rather than drawing a false zero. */
export function chartLines(
  series: readonly Series[],
  metric: Metric,
  labelOf: (series: Series) => string,
): ChartLine[] {
  return series.map((one) => ({
    id: `${one.sourceId}\u0000${one.stream ?? ''}`,
    label: labelOf(one),
    x: one.t,
    y: one[metric],
  }));
}

/**
 * A line as chart points, at most about `budget` of them: where there are more, each stretch of time
 * keeps its lowest and its highest value (in time order), so a one-sample spike still shows, and a gap
 * (null) stays a gap. Drawing more points than the chart has pixels for only costs time.
 *
 * `into` (the array drawn last time) is refilled in place, its point objects reused: a live chart
 * redraws every second, and allocating tens of thousands of points each time feeds the collector,
 * whose pauses are what makes an update miss its frame.
 */
export function envelopePoints(
  x: readonly number[],
  y: readonly (number | null)[],
  budget: number,
  into: ChartPoint[] = [],
): ChartPoint[] {
  const count = x.length;
  let size = 0;
  const put = (index: number, value: number | null) => {
    const at = x[index] ?? 0;
    const point = into[size];
    if (point === undefined) into.push({ x: at, y: value });
    else {
      point.x = at;
      point.y = value;
    }
    size += 1;
  };
  if (count <= budget) {
    for (let index = 0; index < count; index += 1) put(index, y[index] ?? null);
    into.length = size;
    return into;
  }
  const first = x[0] ?? 0;
  const buckets = Math.max(1, Math.floor(budget / 2));
  const width = Math.max(1, ((x[count - 1] ?? first) - first) / buckets);
  let bucket = -1;
  let low = -1;
  let high = -1;
  const flush = () => {
    if (low < 0) return;
    const a = Math.min(low, high);
    const b = Math.max(low, high);
    put(a, y[a] ?? null);
    if (b !== a) put(b, y[b] ?? null);
    low = -1;
    high = -1;
  };
  for (let index = 0; index < count; index += 1) {
    const value = y[index] ?? null;
    const at = Math.floor(((x[index] ?? 0) - first) / width);
    if (at !== bucket) {
      flush();
      bucket = at;
    }
    if (value === null) {
      flush();
      put(index, null);
      continue;
    }
    if (low < 0 || value < (y[low] ?? 0)) low = index;
    if (high < 0 || value > (y[high] ?? 0)) high = index;
  }
  flush();
  into.length = size;
  return into;
}

/**
 * Brings fetched history up to the moment with the latest snapshot: each source's total series gets the
 * snapshot's value appended when it is newer than its last point and within the window, and points
 * older than the window fall off the front. A stream's series gets its figures from the source's live
 * list, while the stream is in it.
 */
export function appendSnapshot(series: readonly Series[], snapshot: Snapshot, windowMs: number): Series[] {
  const fromMs = snapshot.at - windowMs;
  return series.map((one) => {
    const source = snapshot.sources.find((candidate) => candidate.id === one.sourceId);
    const figures = one.stream === null ? source : source?.streams.find((stream) => stream.name === one.stream);
    const at = source?.lastSuccessAt ?? null;
    const last = one.t[one.t.length - 1];
    const append = figures !== undefined && at !== null && (last === undefined || at > last) && at >= fromMs;
    const t = append ? [...one.t, at] : [...one.t];
    const viewers = append ? [...one.viewers, figures.viewers] : [...one.viewers];
    const bandwidthBps = append ? [...one.bandwidthBps, figures.bandwidthBps] : [...one.bandwidthBps];
    let drop = 0;
    while (drop < t.length && (t[drop] ?? 0) < fromMs) drop += 1;
    if (!append && drop === 0) return one;
    return {
      ...one,
      t: t.slice(drop),
      viewers: viewers.slice(drop),
      bandwidthBps: bandwidthBps.slice(drop),
    };
  });
}

/** "1 min", "5 min", "1 h": how far apart the points are. */
const SPACING_UNITS = {
  en: { s: ' s', min: ' min', h: ' h', d: ' d' },
  'zh-CN': { s: ' 秒', min: ' 分钟', h: ' 小时', d: ' 天' },
} as const;

/** A spacing of points in the operator's language: `5 min`, `5 分钟`. */
export function formatResolution(ms: number, locale: keyof typeof SPACING_UNITS = 'en'): string {
  const unit = SPACING_UNITS[locale];
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))}${unit.s}`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}${unit.min}`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)}${unit.h}`;
  return `${Math.round(ms / 86_400_000)}${unit.d}`;
}

/** Pleasant, distinguishable line colours that hold up on light and dark backgrounds. */
export const PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16'];

export function colourFor(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#3b82f6';
}
