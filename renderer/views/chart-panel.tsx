import { useMemo } from 'react';
import type { Series } from '../../shared/bridge.ts';
import { formatBitrate, formatCount } from '../../shared/units.ts';
import { LineChart } from '../charts/line-chart.tsx';
import { useTimeZone } from '../charts/time-zone-pref.ts';
import { useDashboard } from '../context.ts';
import { chartLines, hasValues, type Metric } from '../logic/chart-data.ts';

// The Charts view and a stream's own page draw their charts the same way.

export interface PanelProps {
  title: string;
  series: readonly Series[];
  metric: Metric;
  nameOf: (series: Series) => string;
  fromMs: number;
  toMs: number;
  onZoom: (fromMs: number, toMs: number) => void;
  panelTestId: string;
  chartTestId: string;
  loaded: boolean;
  /** What an empty chart says (default: no data for this range). */
  emptyText?: string;
}

/** One metric's chart with its heading, or a plain "no data" state instead of empty axes. */
export function ChartPanel(props: PanelProps) {
  const { title, series, metric, nameOf, fromMs, toMs, onZoom, panelTestId, chartTestId, loaded, emptyText } = props;
  const { t, themeKey, locale } = useDashboard();
  const timeZone = useTimeZone();
  const lines = useMemo(() => chartLines(series, metric, nameOf), [series, metric, nameOf]);
  const format = metric === 'viewers' ? (value: number) => formatCount(value) : (value: number) => formatBitrate(value);
  const empty = loaded && !hasValues(series, metric);
  return (
    <section className="chart-panel" data-testid={panelTestId}>
      <h2>{title}</h2>
      {empty ? (
        <div className="chart-box chart-empty" data-testid="chart-no-data" role="status">
          <p>{emptyText ?? t('chartsB.noDataForRange')}</p>
        </div>
      ) : (
        <LineChart
          lines={lines}
          label={title}
          formatY={format}
          themeKey={themeKey}
          fromMs={fromMs}
          toMs={toMs}
          timeZone={timeZone}
          locale={locale}
          onZoom={onZoom}
          testId={chartTestId}
        />
      )}
    </section>
  );
}

