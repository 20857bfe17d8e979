import { useEffect, useMemo, useRef, useState } from 'react';
import type { Series } from '../../shared/bridge.ts';
import { formatBitrate, formatCount } from '../../shared/units.ts';
import { useDashboard } from '../context.ts';
import { LineChart } from '../charts/line-chart.tsx';
import {
  appendSnapshot,
  CHART_POINTS,
  chartLines,
  formatResolution,
  formatTick,
  RANGES,
  rangeWindow,
  type RangeId,
} from '../logic/chart-data.ts';
import { useQuery } from '../use-query.ts';

/** A single source's chart also shows its busiest streams, enough to see which one moved the total. */
const TOP_STREAMS = 5;

const RANGE_MS: Record<RangeId, number> = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000 };

export function ChartsView() {
  const { client, snapshot, t, themeKey } = useDashboard();
  const [range, setRange] = useState<RangeId>('1h');
  const [sourceId, setSourceId] = useState('');
  const snapshotRef = useRef(snapshot);
  snapshotRef.current = snapshot;

  const query = useQuery(`${range}\u0000${sourceId}`, async () => {
    const window = rangeWindow(range, Date.now());
    const sources = snapshotRef.current?.sources ?? [];
    if (sourceId === '') {
      const answers = await Promise.all(
        sources.map((source) => client.series({ sourceId: source.id, ...window, maxPoints: CHART_POINTS })),
      );
      return answers.flatMap((answer) => answer.series);
    }
    const streams = [...(sources.find((source) => source.id === sourceId)?.streams ?? [])]
      .sort((a, b) => (b.viewers ?? -1) - (a.viewers ?? -1))
      .slice(0, TOP_STREAMS)
      .map((stream) => stream.name);
    const [total, perStream] = await Promise.all([
      client.series({ sourceId, ...window, maxPoints: CHART_POINTS }),
      streams.length > 0
        ? client.series({ sourceId, streams, ...window, maxPoints: CHART_POINTS })
        : Promise.resolve({ series: [] }),
    ]);
    return [...total.series, ...perStream.series.filter((one) => one.stream !== null)];
  });

  // History from the query, then brought forward by every snapshot that arrives while the view is open.
  const [series, setSeries] = useState<Series[]>([]);
  useEffect(() => {
    if (query.status === 'ok') setSeries(query.data);
  }, [query.status, query.data]);
  useEffect(() => {
    if (snapshot !== null) setSeries((current) => appendSnapshot(current, snapshot, RANGE_MS[range]));
  }, [snapshot, range]);

  const nameOf = useMemo(() => {
    const names = new Map((snapshot?.sources ?? []).map((source) => [source.id, source.name]));
    return (one: Series) =>
      one.stream !== null
        ? one.stream
        : sourceId === ''
          ? (names.get(one.sourceId) ?? one.sourceId)
          : t('charts.total');
  }, [snapshot, sourceId, t]);
  const viewers = useMemo(() => chartLines(series, 'viewers', nameOf), [series, nameOf]);
  const bandwidth = useMemo(() => chartLines(series, 'bandwidthBps', nameOf), [series, nameOf]);
  const hasData = series.some((one) => one.t.length > 0);
  const resolution = series[0]?.resolutionMs;
  const formatX = (ms: number) => formatTick(ms, range);
  // The axis ends at the latest snapshot (or now) and spans the chosen range.
  const toMs = snapshot?.at ?? Date.now();
  const fromMs = toMs - RANGE_MS[range];

  return (
    <div className="charts">
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('charts.range')}>
          {RANGES.map((id) => (
            <button key={id} type="button" aria-pressed={range === id} onClick={() => setRange(id)}>
              {id}
            </button>
          ))}
        </div>
        <label>
          {t('charts.source')}{' '}
          <select value={sourceId} onChange={(event) => setSourceId(event.target.value)}>
            <option value="">{t('charts.allSources')}</option>
            {(snapshot?.sources ?? []).map((source) => (
              <option key={source.id} value={source.id}>
                {source.name}
              </option>
            ))}
          </select>
        </label>
        {resolution !== undefined && hasData && (
          <span className="muted">{t('charts.resolution', { value: formatResolution(resolution) })}</span>
        )}
        {query.status === 'loading' && <span className="muted">{t('state.loading')}</span>}
      </div>
      {query.status === 'error' && (
        <div className="banner banner-error" role="alert">
          {t('state.error', { message: query.message })}{' '}
          <button type="button" onClick={query.reload}>
            {t('action.retry')}
          </button>
        </div>
      )}
      {!hasData && query.status === 'ok' && <p className="placeholder">{t('charts.noData')}</p>}
      <section className="chart-panel">
        <h2>{t('charts.viewers')}</h2>
        <LineChart
          lines={viewers}
          label={t('charts.viewers')}
          formatX={formatX}
          formatY={(value) => formatCount(value)}
          themeKey={themeKey}
          fromMs={fromMs}
          toMs={toMs}
        />
      </section>
      <section className="chart-panel">
        <h2>{t('charts.bandwidth')}</h2>
        <LineChart
          lines={bandwidth}
          label={t('charts.bandwidth')}
          formatX={formatX}
          formatY={(value) => formatBitrate(value)}
          themeKey={themeKey}
          fromMs={fromMs}
          toMs={toMs}
        />
      </section>
    </div>
  );
}
