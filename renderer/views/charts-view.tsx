import { useEffect, useMemo, useRef, useState } from 'react';
import type { Series, Snapshot } from '../../shared/bridge.ts';
import type { DashboardClient } from '../client-type.ts';
import { useDashboard } from '../context.ts';
import {
  appendSnapshot,
  CHART_POINTS,
  formatResolution,
  pointSpacing,
  RANGE_MS,
  rangeWindow,
  zoomWindow,
  type ChartRange,
} from '../logic/chart-data.ts';
import { useQuery } from '../use-query.ts';
import { ChartPanel } from './chart-panel.tsx';
import { RangePicker } from './range-picker.tsx';
import { TimeZonePicker } from './time-zone-picker.tsx';
import { useChartsRoute } from './use-charts-route.ts';
import './streams-charts.css';

/** A single source's chart also shows its busiest streams, enough to see which one moved the total. */
const TOP_STREAMS = 5;

function rangeKey(range: ChartRange): string {
  return range.kind === 'preset' ? range.id : `${range.fromMs}-${range.toMs}`;
}

function topStreams(snapshot: Snapshot | null, sourceId: string): string[] {
  return [...(snapshot?.sources.find((source) => source.id === sourceId)?.streams ?? [])]
    .sort((a, b) => (b.viewers ?? -1) - (a.viewers ?? -1))
    .slice(0, TOP_STREAMS)
    .map((stream) => stream.name);
}

/** Every source's total, or one source's total and its top streams. */
async function loadSeries(client: DashboardClient, snapshot: Snapshot | null, sourceId: string, range: ChartRange) {
  const window = rangeWindow(range, Date.now());
  if (sourceId === '') {
    const answers = await Promise.all(
      (snapshot?.sources ?? []).map((source) =>
        client.series({ sourceId: source.id, ...window, maxPoints: CHART_POINTS }),
      ),
    );
    return answers.flatMap((answer) => answer.series);
  }
  const streams = topStreams(snapshot, sourceId);
  const [total, perStream] = await Promise.all([
    client.series({ sourceId, ...window, maxPoints: CHART_POINTS }),
    streams.length > 0
      ? client.series({ sourceId, streams, ...window, maxPoints: CHART_POINTS })
      : Promise.resolve({ series: [] }),
  ]);
  return [...total.series, ...perStream.series.filter((one) => one.stream !== null)];
}

export function ChartsView() {
  const { client, snapshot, t, locale } = useDashboard();
  const [route, setRoute] = useChartsRoute();
  const { range, sourceId } = route;
  // Where a zoom started from, so "Reset zoom" goes back to it.
  const [beforeZoom, setBeforeZoom] = useState<ChartRange | null>(null);
  const snapshotRef = useRef(snapshot);
  snapshotRef.current = snapshot;

  const query = useQuery(`${rangeKey(range)}\u0000${sourceId}`, () =>
    loadSeries(client, snapshotRef.current, sourceId, range),
  );

  // History from the query, then brought forward by every snapshot while a range ending now is shown.
  const [series, setSeries] = useState<Series[]>([]);
  useEffect(() => {
    if (query.status === 'ok') setSeries(query.data);
  }, [query.status, query.data]);
  useEffect(() => {
    if (snapshot !== null && range.kind === 'preset')
      setSeries((current) => appendSnapshot(current, snapshot, RANGE_MS[range.id]));
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

  const providerOf = (id: string) => snapshot?.sources.find((source) => source.id === id)?.provider;
  const totals = useMemo(() => series.filter((one) => one.stream === null), [series]);
  const streams = useMemo(() => series.filter((one) => one.stream !== null), [series]);
  const spacing = pointSpacing(series);
  // The axis spans the chosen range; a live one ends at the latest snapshot (or now).
  const live = rangeWindow(range, snapshot?.at ?? Date.now());
  const { fromMs, toMs } = live;
  const loaded = query.status !== 'loading' || query.data !== null;

  const choose = (next: ChartRange) => {
    setBeforeZoom(null);
    setRoute({ range: next });
  };
  const zoom = (from: number, to: number) => {
    const next = zoomWindow(from, to);
    if (next === null) return;
    setBeforeZoom((current) => current ?? range);
    setRoute({ range: next });
  };

  const panels =
    sourceId === ''
      ? [
          { id: 'viewers', title: t('charts.viewers'), series: totals, metric: 'viewers' as const },
          { id: 'bandwidth', title: t('charts.bandwidth'), series: totals, metric: 'bandwidthBps' as const },
        ]
      : [
          { id: 'viewers', title: t('chartsB.viewersTotal'), series: totals, metric: 'viewers' as const },
          { id: 'stream-viewers', title: t('chartsB.viewersStreams', { n: TOP_STREAMS }), series: streams, metric: 'viewers' as const },
          { id: 'bandwidth', title: t('chartsB.bandwidthTotal'), series: totals, metric: 'bandwidthBps' as const },
          { id: 'stream-bandwidth', title: t('chartsB.bandwidthStreams', { n: TOP_STREAMS }), series: streams, metric: 'bandwidthBps' as const },
        ];

  return (
    <div className="charts">
      <div className="toolbar charts-toolbar">
        <RangePicker range={range} onChange={choose} />
        <label>
          {t('charts.source')}{' '}
          <select value={sourceId} data-testid="chart-source" onChange={(event) => setRoute({ sourceId: event.target.value })}>
            <option value="">{t('charts.allSources')}</option>
            {(snapshot?.sources ?? []).map((source) => (
              <option key={source.id} value={source.id}>
                {source.name}
              </option>
            ))}
          </select>
        </label>
        <TimeZonePicker />
        {beforeZoom !== null && (
          <button type="button" onClick={() => choose(beforeZoom)} data-testid="reset-zoom">
            {t('chartsB.resetZoom')}
          </button>
        )}
        <span className="muted" data-testid="chart-resolution">
          {spacing !== null && t('chartsB.spacing', { value: formatResolution(spacing, locale) })}
        </span>
        {query.status === 'loading' && <span className="muted">{t('state.loading')}</span>}
      </div>
      <p className="muted chart-hint">{t('chartsB.dragHint')}</p>
      {query.status === 'error' && (
        <div className="banner banner-error" role="alert">
          {t('state.error', { message: query.message })}{' '}
          <button type="button" onClick={query.reload}>
            {t('action.retry')}
          </button>
        </div>
      )}
      <div className={sourceId === '' ? 'chart-grid' : 'chart-grid chart-grid-split'}>
        {panels.map((panel) => (
          <ChartPanel
            key={`${sourceId}:${panel.id}`}
            title={panel.title}
            series={panel.series}
            metric={panel.metric}
            nameOf={nameOf}
            fromMs={fromMs}
            toMs={toMs}
            onZoom={zoom}
            panelTestId={`panel-${panel.id}`}
            chartTestId={`chart-${panel.id}`}
            loaded={loaded}
            {...(panel.metric === 'bandwidthBps' && providerOf(sourceId) === 'scaleengine'
              ? { emptyText: t('chartsB.noBandwidth') }
              : {})}
          />
        ))}
      </div>
    </div>
  );
}
