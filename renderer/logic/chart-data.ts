import type { Series, Snapshot } from '../../shared/bridge.ts';

export const RANGES = ['1h', '6h', '24h', '7d'] as const;
export type RangeId = (typeof RANGES)[number];

const RANGE_MS: Record<RangeId, number> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

/** Enough points to fill a wide chart without sending the renderer more than it can draw. */
export const CHART_POINTS = 600;

export function rangeWindow(range: RangeId, nowMs: number): { fromMs: number; toMs: number } {
  return { fromMs: nowMs - RANGE_MS[range], toMs: nowMs };
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
  points: ChartPoint[];
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
    points: one.t.map((x, index) => ({ x, y: one[metric][index] ?? null })),
  }));
}

/**
 * Brings fetched history up to the moment with the latest snapshot: each source's total series gets the
 * snapshot's value appended when it is newer than its last point and within the window, and points
 * older than the window fall off the front. Series of single streams are left alone (the snapshot has
 * them too, but a chart of totals is what updates live).
 */
export function appendSnapshot(series: readonly Series[], snapshot: Snapshot, windowMs: number): Series[] {
  const fromMs = snapshot.at - windowMs;
  return series.map((one) => {
    if (one.stream !== null) return one;
    const source = snapshot.sources.find((candidate) => candidate.id === one.sourceId);
    const at = source?.lastSuccessAt ?? null;
    const last = one.t[one.t.length - 1];
    const append = source !== undefined && at !== null && (last === undefined || at > last) && at >= fromMs;
    const t = append ? [...one.t, at] : [...one.t];
    const viewers = append ? [...one.viewers, source.viewers] : [...one.viewers];
    const bandwidthBps = append ? [...one.bandwidthBps, source.bandwidthBps] : [...one.bandwidthBps];
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

/** Axis labels: time of day for short ranges, date and hour for a week. */
export function formatTick(ms: number, range: RangeId): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return range === '7d' ? `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}` : time;
}

/** "1 min", "5 min", "1 h": how coarse the server's downsampling made the points. */
export function formatResolution(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}

/** Pleasant, distinguishable line colours that hold up on light and dark backgrounds. */
export const PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16'];

export function colourFor(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#3b82f6';
}
