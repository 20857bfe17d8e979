import { useEffect, useRef } from 'react';
import type { ChartLine, ChartPoint } from '../logic/chart-data.ts';
import { applyLines, lineChartConfig, type ChartLive, type LineChart as ChartInstance } from './line-chart-options.ts';
import { Chart } from './register.ts';

interface Props {
  lines: readonly ChartLine[];
  formatY: (value: number) => string;
  label: string;
  /** Changes when the theme does, so axis colours are read again from CSS. */
  themeKey: string;
  /** The chosen range: the axis spans all of it, so a gap at the start reads as "no data then". */
  fromMs: number;
  toMs: number;
  timeZone: string;
  locale: string;
  /** A dragged span of time; without it dragging does nothing. */
  onZoom?: (fromMs: number, toMs: number) => void;
  testId?: string;
}

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
 * One Chart.js line chart. The chart is created once per theme and updated in place (no animation) when
 * data arrives, so live updates do not flicker or reset the tooltip.
 */
export function LineChart({ lines, formatY, label, themeKey, fromMs, toMs, timeZone, locale, onZoom, testId }: Props) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const chartRef = useRef<ChartInstance | null>(null);
  const liveRef = useRef<ChartLive>({
    formatY,
    timeZone,
    locale,
    onZoom: onZoom ?? null,
    tickStep: 60_000,
    onHover: (count) => {
      if (canvasRef.current !== null) canvasRef.current.dataset['hovered'] = String(count);
    },
  });
  Object.assign(liveRef.current, { formatY, timeZone, locale, onZoom: onZoom ?? null });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const look = {
      text: cssVar('--muted', '#667'),
      grid: cssVar('--grid', 'rgba(128,128,128,0.2)'),
      zoomShade: cssVar('--zoom-shade', 'rgba(59,130,246,0.15)'),
    };
    const chart = new Chart<'line', ChartPoint[]>(canvas, lineChartConfig(look, liveRef.current));
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, [themeKey]);

  useEffect(() => {
    const chart = chartRef.current;
    if (chart === null) return;
    applyLines(chart, lines, fromMs, toMs);
    // The axis as drawn, for scripts and tests (the canvas itself cannot be read as text).
    const ticks = chart.scales['x']?.ticks ?? [];
    chart.canvas.dataset['xTicks'] = ticks.map((tick) => tick.value).join(',');
    chart.canvas.dataset['xLabels'] = ticks.map((tick) => String(tick.label ?? '')).join('|');
  }, [lines, themeKey, fromMs, toMs, timeZone, locale]);

  const points = lines.reduce((sum, line) => sum + line.x.length, 0);
  return (
    <div className={onZoom === undefined ? 'chart-box' : 'chart-box chart-zoomable'}>
      <canvas ref={canvasRef} role="img" aria-label={label} data-points={points} data-testid={testId} />
    </div>
  );
}
