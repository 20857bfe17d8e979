import type { ActiveElement, Chart, ChartEvent, InteractionItem } from 'chart.js';
import { Interaction } from 'chart.js';

// A tooltip mode that lists every line at the hovered time: for each visible line, its point nearest to
// the cursor's time. Chart.js's own 'index' mode needs every line to share the same x values, which
// series from different sources (polled at different moments) never do.

interface XPoint {
  x: number;
}

/** Index of the point whose x is nearest `x` in data sorted by x; -1 when empty. */
export function nearestIndex(data: readonly XPoint[], x: number): number {
  if (data.length === 0) return -1;
  let low = 0;
  let high = data.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((data[mid]?.x ?? 0) < x) low = mid + 1;
    else high = mid;
  }
  const before = low - 1;
  if (before >= 0 && Math.abs((data[before]?.x ?? 0) - x) <= Math.abs((data[low]?.x ?? 0) - x)) return before;
  return low;
}

/** A cursor within this share of the visible range of a point is at its time, however dense the line. */
const NEAR_SHARE = 0.03;

/**
 * Whether the cursor is "at" the point: within the larger gap to its neighbours (the point's own stretch
 * of a sparse line) or close to it on screen; a line that has no point anywhere near is left out.
 */
export function isAtPoint(data: readonly XPoint[], index: number, x: number, near: number): boolean {
  const point = data[index];
  if (point === undefined) return false;
  const before = data[index - 1];
  const after = data[index + 1];
  const gap = Math.max(before === undefined ? 0 : point.x - before.x, after === undefined ? 0 : after.x - point.x);
  return Math.abs(point.x - x) <= Math.max(near, gap);
}

function seriesAtX(chart: Chart, event: ChartEvent | { x: number | null }): InteractionItem[] {
  const scale = chart.scales['x'];
  if (scale === undefined || event.x === null) return [];
  const x = scale.getValueForPixel(event.x);
  if (x === undefined) return [];
  const near = (scale.max - scale.min) * NEAR_SHARE;
  const items: InteractionItem[] = [];
  chart.data.datasets.forEach((dataset, datasetIndex) => {
    if (!chart.isDatasetVisible(datasetIndex)) return;
    const data = dataset.data as unknown as XPoint[];
    const index = nearestIndex(data, x);
    if (!isAtPoint(data, index, x, near)) return;
    const element = chart.getDatasetMeta(datasetIndex).data[index];
    if (element !== undefined) items.push({ element, datasetIndex, index });
  });
  return items;
}

declare module 'chart.js' {
  interface InteractionModeMap {
    seriesAtX: typeof seriesAtX;
  }
}

export function registerSeriesAtX(): void {
  Interaction.modes.seriesAtX = seriesAtX;
}

export type { ActiveElement };
