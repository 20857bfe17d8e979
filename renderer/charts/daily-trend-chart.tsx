import { useEffect, useRef } from 'react';
import { colourFor } from '../logic/chart-data.ts';
import { Chart } from './register.ts';

export interface TrendLine {
  label: string;
  /** One value per date; null where the source has no data that day (drawn as a gap). */
  values: readonly (number | null)[];
}

interface Props {
  dates: readonly string[];
  lines: readonly TrendLine[];
  formatY: (value: number) => string;
  /** The accessible name of the chart. */
  label: string;
  /** The index of today in `dates` (its segment is dashed: the day is not over), or -1. */
  partialIndex: number;
  partialWord: string;
  themeKey: string;
}

type Point = { x: number; y: number | null };

/** A theme colour as the canvas needs it, resolved through an element (the stylesheet uses light-dark()). */
function cssVar(name: string, fallback: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${name}, ${fallback})`;
  probe.style.display = 'none';
  document.body.append(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  return value === '' ? fallback : value;
}

/** About ten labelled days whatever the range: every day for a week, every ninth for 90 days. */
function dayStep(days: number): number {
  return Math.max(1, Math.ceil(days / 10));
}

/**
 * One line per source over the report's days. The x axis counts days from the first, labelled with
 * their dates, so ticks always fall on whole days; missing days break the line instead of bridging it.
 */
export function DailyTrendChart({
  dates,
  lines,
  formatY,
  label,
  partialIndex,
  partialWord,
  themeKey,
}: Props) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const chartRef = useRef<Chart<'line', Point[]> | null>(null);
  const latest = useRef({ dates, formatY, partialIndex, partialWord });
  latest.current = { dates, formatY, partialIndex, partialWord };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const text = cssVar('--muted', '#667');
    const grid = cssVar('--grid', 'rgba(128,128,128,0.2)');
    const dateAt = (index: number) => latest.current.dates[Math.round(index)] ?? '';
    const chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        spanGaps: false,
        interaction: { mode: 'index', intersect: false },
        elements: { line: { borderWidth: 1.75, tension: 0 } },
        scales: {
          x: {
            type: 'linear',
            ticks: { color: text, autoSkip: false, callback: (value) => dateAt(Number(value)).slice(5) },
            grid: { color: grid },
          },
          y: {
            type: 'linear',
            beginAtZero: true,
            ticks: {
              color: text,
              maxTicksLimit: 6,
              callback: (value) => latest.current.formatY(Number(value)),
            },
            grid: { color: grid },
          },
        },
        plugins: {
          legend: { labels: { color: text, boxWidth: 12, boxHeight: 2 } },
          tooltip: {
            callbacks: {
              title: (items) => {
                const index = Math.round(items[0]?.parsed.x ?? 0);
                const partial =
                  index === latest.current.partialIndex ? ` (${latest.current.partialWord})` : '';
                return `${dateAt(index)}${partial}`;
              },
              label: (item) =>
                `${item.dataset.label ?? ''}: ${item.parsed.y === null ? '—' : latest.current.formatY(item.parsed.y)}`,
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
      data: line.values.map((value, day) => ({ x: day, y: value })),
      borderColor: colourFor(index),
      backgroundColor: colourFor(index),
      pointRadius: dates.length <= 62 ? 2.5 : 0,
      // Today's segment is dashed: the day is not over, so its value is still rising.
      segment: { borderDash: (context) => (context.p1DataIndex === partialIndex ? [5, 4] : undefined) },
    }));
    const x = chart.options.scales?.['x'];
    if (x !== undefined) {
      x.min = 0;
      x.max = Math.max(1, dates.length - 1);
      if (x.ticks !== undefined) Object.assign(x.ticks, { stepSize: dayStep(dates.length) });
    }
    chart.update('none');
  }, [lines, dates, partialIndex, themeKey]);

  const points = lines.reduce((sum, line) => sum + line.values.filter((value) => value !== null).length, 0);
  return (
    <div className="chart-box">
      <canvas ref={canvasRef} role="img" aria-label={label} data-points={points} data-testid="daily-trend" />
    </div>
  );
}
