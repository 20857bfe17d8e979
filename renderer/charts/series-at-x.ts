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

/** Points farther from the cursor than this share of the visible range are not "at that time". */
const MAX_DISTANCE_SHARE = 0.03;

function seriesAtX(chart: Chart, event: ChartEvent | { x: number | null }): InteractionItem[] {
  const scale = chart.scales['x'];
  if (scale === undefined || event.x === null) return [];
  const x = scale.getValueForPixel(event.x);
  if (x === undefined) return [];
  const limit = (scale.max - scale.min) * MAX_DISTANCE_SHARE;
  const items: InteractionItem[] = [];
  chart.data.datasets.forEach((dataset, datasetIndex) => {
    if (!chart.isDatasetVisible(datasetIndex)) return;
    const data = dataset.data as unknown as XPoint[];
    const index = nearestIndex(data, x);
    const point = data[index];
    if (point === undefined || Math.abs(point.x - x) > limit) return;
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
