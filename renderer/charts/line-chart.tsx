import { useEffect, useRef } from 'react';
import type { ChartLine } from '../logic/chart-data.ts';
import { colourFor } from '../logic/chart-data.ts';
import { Chart } from './register.ts';

interface Props {
  lines: readonly ChartLine[];
  formatY: (value: number) => string;
  formatX: (ms: number) => string;
  label: string;
  /** Changes when the theme does, so axis colours are read again from CSS. */
  themeKey: string;
  /** The chosen range: the axis spans all of it, so a gap at the start reads as "no data then". */
  fromMs: number;
  toMs: number;
}

/** Sparse lines (a fresh install, a coarse range) get visible points; dense ones stay clean lines. */
const POINTS_SHOWN_BELOW = 60;

/**
 * A theme colour as the canvas needs it (`rgb(…)`). The stylesheet writes colours as light-dark(), which
 * a custom property keeps as text, so the colour is resolved by letting an element use it.
 */
function cssVar(name: string, fallback: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${name}, ${fallback})`;
  probe.style.display = 'none';
  document.body.append(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  return value === '' ? fallback : value;
}

/**
 * One Chart.js line chart. The chart is created once and updated in place (no animation) when data
 * arrives, so live updates do not flicker or reset the tooltip.
 */
export function LineChart({ lines, formatY, formatX, label, themeKey, fromMs, toMs }: Props) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const chartRef = useRef<Chart<'line', { x: number; y: number | null }[]> | null>(null);
  const formatRef = useRef({ formatX, formatY });
  formatRef.current = { formatX, formatY };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const text = cssVar('--muted', '#667');
    const grid = cssVar('--grid', 'rgba(128,128,128,0.2)');
    const chart = new Chart<'line', { x: number; y: number | null }[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 1.75, tension: 0.2 } },
        scales: {
          x: {
            type: 'linear',
            ticks: { color: text, maxTicksLimit: 8, callback: (value) => formatRef.current.formatX(Number(value)) },
            grid: { color: grid },
          },
          y: {
            type: 'linear',
            beginAtZero: true,
            ticks: { color: text, maxTicksLimit: 6, callback: (value) => formatRef.current.formatY(Number(value)) },
            grid: { color: grid },
          },
        },
        plugins: {
          legend: { labels: { color: text, boxWidth: 12, boxHeight: 2 } },
          tooltip: {
            callbacks: {
              title: (items) => (items[0] === undefined ? '' : formatRef.current.formatX(items[0].parsed.x ?? 0)),
              label: (item) => `${item.dataset.label ?? ''}: ${formatRef.current.formatY(item.parsed.y ?? 0)}`,
            },
          },
        },
      },
    });
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, [themeKey]);

  useEffect(() => {
    const chart = chartRef.current;
    if (chart === null) return;
    chart.data.datasets = lines.map((line, index) => ({
      label: line.label,
      data: line.points,
      borderColor: colourFor(index),
      backgroundColor: `${colourFor(index)}22`,
      fill: lines.length === 1,
      pointRadius: line.points.length < POINTS_SHOWN_BELOW ? 2.5 : 0,
    }));
    const x = chart.options.scales?.x;
    if (x !== undefined) {
      x.min = fromMs;
      x.max = toMs;
    }
    chart.update('none');
  }, [lines, themeKey, fromMs, toMs]);

  const points = lines.reduce((sum, line) => sum + line.points.length, 0);
  return (
    <div className="chart-box">
      <canvas ref={canvasRef} role="img" aria-label={label} data-points={points} />
    </div>
  );
}
