import type { Chart, ChartEvent, ChartType, Plugin } from 'chart.js';

// Drag across a chart to zoom into that span of time: a small plugin in place of chartjs-plugin-zoom
// (not a dependency). While the button is held the span is shaded; on release `onZoom` gets the two
// times, and the view decides what a zoom means (a custom range here).

export interface DragZoomOptions {
  enabled?: boolean;
  /** Called with the dragged span's ends on the x axis (in its units: epoch ms). */
  onZoom?: (fromValue: number, toValue: number) => void;
  /** The shade's colour. */
  color?: string;
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the augmented interface's own parameter
  interface PluginOptionsByType<TType extends ChartType> {
    dragZoom?: DragZoomOptions;
  }
}

/** Drags shorter than this many pixels are clicks (the tooltip keeps working). */
const MIN_DRAG_PX = 6;

interface Drag {
  startX: number;
  currentX: number;
}

const drags = new WeakMap<Chart, Drag>();

function clampToArea(chart: Chart, x: number): number {
  return Math.min(Math.max(x, chart.chartArea.left), chart.chartArea.right);
}

function finish(chart: Chart, options: DragZoomOptions, drag: Drag): void {
  drags.delete(chart);
  chart.draw();
  if (Math.abs(drag.currentX - drag.startX) < MIN_DRAG_PX) return;
  const scale = chart.scales['x'];
  const a = scale?.getValueForPixel(drag.startX);
  const b = scale?.getValueForPixel(drag.currentX);
  if (a === undefined || b === undefined) return;
  options.onZoom?.(Math.min(a, b), Math.max(a, b));
}

function onEvent(chart: Chart, event: ChartEvent, options: DragZoomOptions): void {
  if (options.enabled === false || event.x === null) return;
  const drag = drags.get(chart);
  const x = clampToArea(chart, event.x);
  if (event.type === 'mousedown') {
    const inside = event.y !== null && event.y >= chart.chartArea.top && event.y <= chart.chartArea.bottom;
    if (inside) drags.set(chart, { startX: x, currentX: x });
    return;
  }
  if (drag === undefined) return;
  if (event.type === 'mousemove') {
    drag.currentX = x;
    chart.draw();
  } else if (event.type === 'mouseup') {
    drag.currentX = x;
    finish(chart, options, drag);
  } else if (event.type === 'mouseout') {
    drags.delete(chart);
    chart.draw();
  }
}

export const dragZoomPlugin: Plugin<'line', DragZoomOptions> = {
  id: 'dragZoom',
  defaults: { enabled: true, color: 'rgba(59, 130, 246, 0.15)' },
  afterEvent(chart, args, options) {
    onEvent(chart, args.event, options);
  },
  afterDatasetsDraw(chart, _args, options) {
    const drag = drags.get(chart);
    if (drag === undefined || Math.abs(drag.currentX - drag.startX) < MIN_DRAG_PX) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.fillStyle = options.color ?? 'rgba(59, 130, 246, 0.15)';
    const left = Math.min(drag.startX, drag.currentX);
    ctx.fillRect(left, chartArea.top, Math.abs(drag.currentX - drag.startX), chartArea.bottom - chartArea.top);
    ctx.restore();
  },
};
