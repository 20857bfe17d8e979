import { useEffect, useMemo, useRef, useState } from 'react';
import type { Incident } from '../../shared/alerts.ts';
import type { Series } from '../../shared/bridge.ts';
import type { ProviderFill } from '../../shared/stream-catalog.ts';
import { formatBitrate, formatCount } from '../../shared/units.ts';
import { useDashboard } from '../context.ts';
import { useTimeZone } from '../charts/time-zone-pref.ts';
import {
  appendSnapshot,
  CHART_POINTS,
  formatResolution,
  pointSpacing,
  RANGE_MS,
  rangeWindow,
  zoomWindow,
  type ChartRange,
  type Metric,
} from '../logic/chart-data.ts';
import { catalogRows } from '../logic/stream-table.ts';
import type { StreamRef } from '../logic/stream-route.ts';
import { momentLabel } from '../logic/time-ticks.ts';
import { formatAge } from '../logic/format-age.ts';
import { useQuery } from '../use-query.ts';
import { ChartPanel } from './chart-panel.tsx';
import { RangePicker } from './range-picker.tsx';
import { StreamStateTag } from './stream-table-row.tsx';
import { TimeZonePicker } from './time-zone-picker.tsx';

function FillNote({ fill }: { fill: ProviderFill | null }) {
  const { t } = useDashboard();
  if (fill === null || (fill.filled === 0 && fill.remaining === 0 && fill.error === null)) return null;
  return (
    <p className={fill.error === null ? 'muted' : 'field-error'} data-testid="provider-fill" role="status">
      {fill.filled > 0 && t('streamsB.detail.filled', { n: fill.filled })}{' '}
      {fill.remaining > 0 && t('streamsB.detail.remaining', { n: fill.remaining })}{' '}
      {fill.error !== null && t('streamsB.detail.fillError', { message: fill.error })}
    </p>
  );
}

function IncidentList({ incidents }: { incidents: readonly Incident[] }) {
  const { t, locale, now } = useDashboard();
  const timeZone = useTimeZone();
  if (incidents.length === 0) return <p className="placeholder">{t('streamsB.detail.noIncidents')}</p>;
  return (
    <div className="table-wrap table-short">
      <table className="table" data-testid="stream-incidents">
        <thead>
          <tr>
            <th>{t('incidents.col.opened')}</th>
            <th>{t('streamsB.detail.closed')}</th>
            <th>{t('incidents.col.downtime')}</th>
            <th>{t('streamsB.detail.checkpoints')}</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id} data-incident-id={incident.id}>
              <td>
                <a href={`#/incidents/${incident.id}`}>{momentLabel(incident.openedAt, timeZone, locale)}</a>
              </td>
              <td>
                {incident.closedAt === null ? (
                  <span className="tag tag-crit">{t('streamsB.detail.stillOpen')}</span>
                ) : (
                  momentLabel(incident.closedAt, timeZone, locale)
                )}
              </td>
              <td>{formatAge(incident.downtimeMs ?? now - incident.openedAt, t)}</td>
              <td>{incident.checkpoints.join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One stream: its state, viewers and bandwidth over a range (zoomable), and its incidents. */
export function StreamDetailView({ stream, onBack }: { stream: StreamRef; onBack: () => void }) {
  const { client, snapshot, t, locale } = useDashboard();
  const [range, setRange] = useState<ChartRange>({ kind: 'preset', id: '24h' });
  const [beforeZoom, setBeforeZoom] = useState<ChartRange | null>(null);
  const backRef = useRef<HTMLButtonElement | null>(null);
  useEffect(() => backRef.current?.focus(), []);

  const key = `${stream.sourceId}\u0000${stream.stream}\u0000${range.kind === 'preset' ? range.id : `${range.fromMs}-${range.toMs}`}`;
  const query = useQuery(key, () =>
    client.streamDetail({ ...stream, ...rangeWindow(range, Date.now()), maxPoints: CHART_POINTS }),
  );
  const catalog = useQuery(`catalog:${stream.sourceId}`, () => client.streamCatalog({}));
  const row = useMemo(
    () =>
      catalogRows(catalog.data?.streams ?? [], snapshot).find(
        (one) => one.sourceId === stream.sourceId && one.name === stream.stream,
      ) ?? null,
    [catalog.data, snapshot, stream],
  );

  const [series, setSeries] = useState<Series[]>([]);
  useEffect(() => {
    if (query.status === 'ok') setSeries([query.data.series]);
  }, [query.status, query.data]);
  useEffect(() => {
    if (snapshot !== null && range.kind === 'preset')
      setSeries((current) => appendSnapshot(current, snapshot, RANGE_MS[range.id]));
  }, [snapshot, range]);

  const { fromMs, toMs } = rangeWindow(range, snapshot?.at ?? Date.now());
  const spacing = pointSpacing(series);
  const loaded = query.data !== null;
  const zoom = (from: number, to: number) => {
    const next = zoomWindow(from, to);
    if (next === null) return;
    setBeforeZoom((current) => current ?? range);
    setRange(next);
  };
  const sourceName = snapshot?.sources.find((source) => source.id === stream.sourceId)?.name ?? stream.sourceId;

  const chart = (metric: Metric, title: string) => (
    <ChartPanel
      title={title}
      series={series}
      metric={metric}
      nameOf={() => stream.stream}
      fromMs={fromMs}
      toMs={toMs}
      onZoom={zoom}
      panelTestId={`stream-panel-${metric}`}
      chartTestId={`stream-chart-${metric}`}
      loaded={loaded}
      {...(metric === 'bandwidthBps' && row?.provider === 'scaleengine' ? { emptyText: t('chartsB.noBandwidth') } : {})}
    />
  );

  return (
    <div className="stream-detail" data-testid="stream-detail" data-source-id={stream.sourceId} data-stream={stream.stream}>
      <div className="stream-detail-head">
        <button type="button" ref={backRef} onClick={onBack} data-testid="stream-back">
          ← {t('streamsB.detail.back')}
        </button>
        <h2 className="mono stream-title">{stream.stream}</h2>
        {row !== null && <StreamStateTag row={row} />}
        <span className="muted">
          {sourceName}
          {row !== null && ` · ${t(`streamsB.provider.${row.provider}`)}`}
        </span>
        {row !== null && row.state !== 'offline' && (
          <span className="stream-figures">
            {formatCount(row.viewers)} <small>{t('total.viewers')}</small> · {formatBitrate(row.bandwidthBps)}
          </span>
        )}
      </div>
      <div className="toolbar charts-toolbar">
        <RangePicker
          range={range}
          onChange={(next) => {
            setBeforeZoom(null);
            setRange(next);
          }}
        />
        <TimeZonePicker />
        {beforeZoom !== null && (
          <button
            type="button"
            onClick={() => {
              setRange(beforeZoom);
              setBeforeZoom(null);
            }}
            data-testid="reset-zoom"
          >
            {t('chartsB.resetZoom')}
          </button>
        )}
        <span className="muted" data-testid="chart-resolution">
          {spacing !== null && t('chartsB.spacing', { value: formatResolution(spacing, locale) })}
        </span>
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
      <FillNote fill={query.data?.providerFill ?? null} />
      <div className="chart-grid chart-grid-split">
        {chart('viewers', t('charts.viewers'))}
        {chart('bandwidthBps', t('charts.bandwidth'))}
      </div>
      <section className="panel">
        <h2>{t('streamsB.detail.incidents')}</h2>
        <IncidentList incidents={query.data?.incidents ?? []} />
      </section>
    </div>
  );
}
