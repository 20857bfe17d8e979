import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { STREAM_STATES } from '../../shared/stream-catalog.ts';
import { formatCount } from '../../shared/units.ts';
import { useDashboard } from '../context.ts';
import type { StringKey } from '../i18n/translate.ts';
import {
  catalogRows,
  filterStreams,
  nextSort,
  sortStreams,
  stateCounts,
  type StreamRow,
  type StreamSort,
  type StreamSortKey,
  type StreamStateFilter,
} from '../logic/stream-table.ts';
import { useQuery } from '../use-query.ts';
import { StreamCatalogRow } from './stream-table-row.tsx';
import { StreamDetailView } from './stream-detail-view.tsx';
import { useStreamsRoute } from './use-streams-route.ts';
import './streams-charts.css';

/** The catalog is asked for now and then; live figures come from every snapshot in between. */
const CATALOG_REFRESH_MS = 15_000;
const ROW_HEIGHT = 33;

const COLUMNS: { key: StreamSortKey; label: StringKey; numeric: boolean }[] = [
  { key: 'name', label: 'streams.col.name', numeric: false },
  { key: 'state', label: 'streamsB.col.state', numeric: false },
  { key: 'source', label: 'streams.col.source', numeric: false },
  { key: 'provider', label: 'streamsB.col.provider', numeric: false },
  { key: 'viewers', label: 'streams.col.viewers', numeric: true },
  { key: 'bandwidth', label: 'streams.col.bandwidth', numeric: true },
];

function useCatalogTick(): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), CATALOG_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return tick;
}

function StreamList({ rows, onOpen, sort, onSort }: { rows: StreamRow[]; onOpen: (row: StreamRow) => void; sort: StreamSort; onSort: (key: StreamSortKey) => void }) {
  const { t } = useDashboard();
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.key ?? index,
  });
  const items = virtual.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <div className="table-wrap stream-scroll" ref={scrollRef} data-testid="streams-scroll">
      <table className="table stream-table" data-testid="streams-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.key}
                className={column.numeric ? 'num' : undefined}
                aria-sort={sort.key === column.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" className="sort" onClick={() => onSort(column.key)}>
                  {t(column.label)}
                  <span className="sort-mark" aria-hidden="true">
                    {sort.key === column.key ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top > 0 && (
            <tr className="virtual-pad" aria-hidden="true">
              <td colSpan={COLUMNS.length} style={{ height: top }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            return row === undefined ? null : (
              <StreamCatalogRow key={row.key} row={row} index={item.index} onOpen={onOpen} measure={virtual.measureElement} />
            );
          })}
          {bottom > 0 && (
            <tr className="virtual-pad" aria-hidden="true">
              <td colSpan={COLUMNS.length} style={{ height: bottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {rows.length === 0 && <p className="placeholder">{t('streams.none')}</p>}
    </div>
  );
}

export function StreamsView({ filterRef }: { filterRef: RefObject<HTMLInputElement | null> }) {
  const { client, snapshot, t } = useDashboard();
  const [route, setRoute] = useStreamsRoute();
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [state, setState] = useState<StreamStateFilter>('all');
  const [sort, setSort] = useState<StreamSort>({ key: 'viewers', direction: 'desc' });
  const tick = useCatalogTick();
  const catalog = useQuery(`catalog:${tick}`, () => client.streamCatalog({}));
  const all = useMemo(() => catalogRows(catalog.data?.streams ?? [], snapshot), [catalog.data, snapshot]);
  const counts = useMemo(() => stateCounts(all), [all]);
  const rows = useMemo(
    () => sortStreams(filterStreams(all, route.q, sourceId, state), sort),
    [all, route.q, sourceId, state, sort],
  );

  if (route.open !== null) {
    return <StreamDetailView stream={route.open} onBack={() => setRoute({ open: null })} />;
  }
  if (snapshot === null) return <p className="placeholder">{t('state.loading')}</p>;
  return (
    <div className="streams">
      <div className="toolbar">
        <label className="sr-only" htmlFor="stream-filter">
          {t('streams.filter')}
        </label>
        <input
          id="stream-filter"
          ref={filterRef}
          type="search"
          className="filter"
          placeholder={t('streams.filterPlaceholder')}
          value={route.q}
          onChange={(event) => setRoute({ q: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setRoute({ q: '' });
              event.currentTarget.blur();
            }
          }}
        />
        <select
          aria-label={t('streams.col.source')}
          value={sourceId ?? ''}
          onChange={(event) => setSourceId(event.target.value === '' ? null : event.target.value)}
        >
          <option value="">{t('streams.allSources')}</option>
          {snapshot.sources.map((source) => (
            <option key={source.id} value={source.id}>
              {source.name}
            </option>
          ))}
        </select>
        <select
          aria-label={t('streamsB.col.state')}
          data-testid="state-filter"
          value={state}
          onChange={(event) => setState(event.target.value as StreamStateFilter)}
        >
          <option value="all">{t('streamsB.filter.allStates')}</option>
          {STREAM_STATES.map((one) => (
            <option key={one} value={one}>
              {t(`streamsB.filter.${one}`, { n: formatCount(counts[one]) })}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="stream-count">
          {t('streams.count', { shown: formatCount(rows.length), total: formatCount(all.length) })}
        </span>
        {catalog.status === 'error' && (
          <span className="field-error" role="alert">
            {t('streamsB.catalogError', { message: catalog.message })}
          </span>
        )}
      </div>
      <StreamList
        rows={rows}
        sort={sort}
        onSort={(key) => setSort(nextSort(sort, key))}
        onOpen={(row) => setRoute({ open: { sourceId: row.sourceId, stream: row.name } })}
      />
    </div>
  );
}
