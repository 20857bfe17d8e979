import type { Chart, ChartConfiguration, ChartDataset } from 'chart.js';
import type { ChartLine, ChartPoint } from '../logic/chart-data.ts';
import { colourFor, envelopePoints } from '../logic/chart-data.ts';
import { momentLabel, tickLabel, timeTicks } from '../logic/time-ticks.ts';

// The options every line chart of the dashboard uses, and the one way data goes into a chart: the view
// and the chart benchmark both call these, so the benchmark measures what the app does.
//
// What keeps a live update cheap with tens of thousands of points: no animation; data handed over
// already parsed and sorted (parsing: false, normalized: true); no more points per line than the chart
// has room for (each stretch keeps its low and its high, so spikes survive), built straight from the
// series' arrays instead of an object per stored point; straight segments (a tension above 0 computes
// Bézier control points for every point); and lines without gaps drawn without splitting them into
// segments (spanGaps), which only lines that have a gap need.

export type LineChart = Chart<'line', ChartPoint[]>;

/** What the callbacks read at the moment they run, so a changed zone or format needs no new chart. */
export interface ChartLive {
  formatY: (value: number) => string;
  timeZone: string;
  locale: string;
  onZoom: ((fromMs: number, toMs: number) => void) | null;
  /** The step of the ticks last built, for their labels. */
  tickStep: number;
  /** How many lines the tooltip lists now (0: none), for the page to expose. */
  onHover: ((lines: number) => void) | null;
}

export interface ChartLook {
  text: string;
  grid: string;
  zoomShade: string;
}

/** Sparse lines (a fresh install, a coarse range) get visible points; dense ones stay clean lines. */
export const POINTS_SHOWN_BELOW = 60;
const MAX_X_TICKS = 8;
/** Room one time label needs ("12/02, 00:00" at midnight), so a phone-wide chart gets fewer ticks. */
const PX_PER_X_TICK = 95;

function xTickBudget(widthPx: number): number {
  return Math.max(2, Math.min(MAX_X_TICKS, Math.floor(widthPx / PX_PER_X_TICK)));
}

export function lineChartConfig(look: ChartLook, live: ChartLive): ChartConfiguration<'line', ChartPoint[]> {
  return {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      events: ['mousemove', 'mouseout', 'mousedown', 'mouseup', 'click', 'touchstart', 'touchmove'],
      interaction: { mode: 'seriesAtX', intersect: false },
      onHover: (_event, elements) => live.onHover?.(elements.length),
      elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 1.75, tension: 0 } },
      scales: {
        x: {
          type: 'linear',
          afterBuildTicks: (axis) => {
            const budget = xTickBudget(Number.isFinite(axis.maxWidth) ? axis.maxWidth : axis.chart.width);
            const { step, ticks } = timeTicks(axis.min, axis.max, live.timeZone, budget);
            live.tickStep = step;
            axis.ticks = ticks.map((value) => ({ value }));
          },
          ticks: {
            color: look.text,
            autoSkip: false,
            maxRotation: 0,
            callback: (value) => tickLabel(Number(value), live.tickStep, live.timeZone, live.locale),
          },
          grid: { color: look.grid },
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          ticks: { color: look.text, maxTicksLimit: 6, callback: (value) => live.formatY(Number(value)) },
          grid: { color: look.grid },
        },
      },
      plugins: {
        legend: { labels: { color: look.text, boxWidth: 12, boxHeight: 2 } },
        tooltip: {
          itemSort: (a, b) => (b.parsed.y ?? 0) - (a.parsed.y ?? 0),
          callbacks: {
            title: (items) => (items[0] === undefined ? '' : momentLabel(items[0].parsed.x ?? 0, live.timeZone, live.locale)),
            label: (item) =>
              `${item.dataset.label ?? ''}: ${item.parsed.y === null ? '—' : live.formatY(item.parsed.y)}`,
          },
        },
        dragZoom: {
          enabled: true,
          color: look.zoomShade,
          onZoom: (fromMs, toMs) => live.onZoom?.(fromMs, toMs),
        },
      },
    },
  };
}

/** Beyond this many lines a legend is a wall of names that squeezes the plot; the tooltip names them. */
export const MAX_LEGEND_LINES = 12;

/** Points per line: one per three pixels of width (a low and a high per six) is all a dense line shows. */
const PX_PER_POINT = 3;

function hasGap(values: readonly (number | null)[]): boolean {
  for (const value of values) if (value === null) return true;
  return false;
}

function datasetOf(
  line: ChartLine,
  index: number,
  only: boolean,
  budget: number,
  reuse: ChartPoint[] | undefined,
): ChartDataset<'line', ChartPoint[]> {
  const colour = colourFor(index);
  return {
    label: line.label,
    data: envelopePoints(line.x, line.y, budget, reuse),
    borderColor: colour,
    backgroundColor: `${colour}22`,
    fill: only,
    spanGaps: !hasGap(line.y),
    pointRadius: line.x.length < POINTS_SHOWN_BELOW ? 2.5 : 0,
  };
}

/**
 * New lines into the chart and one redraw without animation. A line keeps its dataset object (found by
 * id), so one the operator hid in the legend stays hidden through live updates.
 */
export function applyLines(chart: LineChart, lines: readonly ChartLine[], fromMs: number, toMs: number): void {
  const before = new Map<string, ChartDataset<'line', ChartPoint[]>>();
  for (const dataset of chart.data.datasets) {
    const id = (dataset as { id?: string }).id;
    if (id !== undefined) before.set(id, dataset);
  }
  const budget = Math.max(100, Math.round(chart.width / PX_PER_POINT));
  chart.data.datasets = lines.map((line, index) => {
    const kept = before.get(line.id);
    // The line's points from last time are refilled in place (see envelopePoints).
    const next = datasetOf(line, index, lines.length === 1, budget, kept?.data);
    if (kept === undefined) return Object.assign(next, { id: line.id });
    return Object.assign(kept, next);
  });
  const legend = chart.options.plugins?.legend;
  if (legend !== undefined) legend.display = lines.length <= MAX_LEGEND_LINES;
  const x = chart.options.scales?.['x'];
  if (x !== undefined) {
    x.min = fromMs;
    x.max = toMs;
  }
  chart.update('none');
}
