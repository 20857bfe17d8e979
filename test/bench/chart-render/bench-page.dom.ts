import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from '../../../shared/bridge.ts';
import { applyLines, lineChartConfig, type ChartLive } from '../../../renderer/charts/line-chart-options.ts';
import { Chart } from '../../../renderer/charts/register.ts';
import { chartLines, colourFor } from '../../../renderer/logic/chart-data.ts';
import type { BenchOptions, BenchOutcome } from './bench-types.ts';

// The chart benchmark's page: the dashboard's own Chart.js options and update path (chartLines, then
// applyLines) beside uPlot's setData, on the same live data, in the same page, one after the other.

const STEP_MS = 30_000;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `count` series of `points` each on one shared 30-second grid: a random walk of audiences. */
function makeSeries(count: number, points: number, endMs: number): Series[] {
  const random = seeded(42);
  const t = Array.from({ length: points }, (_, index) => endMs - (points - 1 - index) * STEP_MS);
  return Array.from({ length: count }, (_, index) => {
    let level = 500 + index * 40;
    const viewers = t.map(() => {
      level = Math.max(0, level + (random() - 0.5) * 40);
      return Math.round(level);
    });
    return { sourceId: `src-${index}`, stream: null, resolutionMs: STEP_MS, t, viewers, bandwidthBps: viewers.map((v) => v * 2e6) };
  });
}

/** One live update, as appendSnapshot does it: a new point at the end, the oldest off the front (new arrays). */
function advance(series: readonly Series[], random: () => number): Series[] {
  const first = series[0];
  if (first === undefined) return [];
  const at = (first.t[first.t.length - 1] ?? 0) + STEP_MS;
  const t = [...first.t.slice(1), at];
  return series.map((one) => {
    const last = one.viewers[one.viewers.length - 1] ?? 0;
    const next = Math.max(0, Math.round(last + (random() - 0.5) * 40));
    return { ...one, t, viewers: [...one.viewers.slice(1), next], bandwidthBps: [...one.bandwidthBps.slice(1), next * 2e6] };
  });
}

/** Makes the canvas rasterise what was drawn now (it is otherwise done when the frame is painted). */
function flush(canvas: HTMLCanvasElement): void {
  canvas.getContext('2d')?.getImageData(0, 0, 1, 1);
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export async function runBench(options: BenchOptions): Promise<BenchOutcome> {
  const random = seeded(7);
  let series = makeSeries(options.series, options.points, Date.UTC(2026, 11, 1, 12));
  const live: ChartLive = {
    formatY: (value) => String(Math.round(value)),
    timeZone: 'UTC',
    locale: 'en',
    onZoom: () => undefined,
    tickStep: 60_000,
    onHover: null,
  };
  const canvas = document.getElementById('chartjs-canvas') as HTMLCanvasElement;
  const chart = new Chart(canvas, lineChartConfig({ text: '#667', grid: 'rgba(128,128,128,0.2)', zoomShade: 'rgba(0,0,0,0.1)' }, live));
  const labelOf = (one: Series) => one.sourceId;

  let drawn: () => void = () => undefined;
  const plot = new uPlot(
    {
      width: 1200,
      height: 300,
      ms: 1,
      series: [{}, ...series.map((one, index) => ({ label: one.sourceId, stroke: colourFor(index), width: 1.75 }))],
      hooks: { draw: [() => drawn()] },
    },
    [series[0]?.t ?? [], ...series.map((one) => one.viewers)],
    document.getElementById('uplot') as HTMLElement,
  );
  const uplotCanvas = plot.ctx.canvas;

  const outcome: BenchOutcome = { chartjs: [], shaping: [], uplot: [], chartjsRaster: [], uplotRaster: [], drawn: 0 };
  for (let i = 0; i < options.warmup + options.iterations; i += 1) {
    series = advance(series, random);
    const first = series[0];
    const fromMs = first?.t[0] ?? 0;
    const toMs = first?.t[first.t.length - 1] ?? 0;

    const a = performance.now();
    const lines = chartLines(series, 'viewers', labelOf);
    const shaped = performance.now();
    applyLines(chart, lines, fromMs, toMs);
    const b = performance.now();
    flush(canvas);
    const bRaster = performance.now();

    const painted = new Promise<void>((resolve) => {
      drawn = resolve;
    });
    const c = performance.now();
    plot.setData([first?.t ?? [], ...series.map((one) => one.viewers)]);
    await painted;
    const d = performance.now();
    flush(uplotCanvas);
    const dRaster = performance.now();

    if (i >= options.warmup) {
      outcome.chartjs.push(b - a);
      outcome.shaping.push(shaped - a);
      outcome.uplot.push(d - c);
      outcome.chartjsRaster.push(bRaster - b);
      outcome.uplotRaster.push(dRaster - d);
    }
    await nextFrame();
  }
  outcome.drawn = chart.data.datasets.reduce((sum, dataset) => sum + dataset.data.length, 0);
  chart.destroy();
  plot.destroy();
  return outcome;
}

declare global {
  interface Window {
    runBench: typeof runBench;
  }
}
window.runBench = runBench;
