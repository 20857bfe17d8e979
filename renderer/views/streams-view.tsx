import { useMemo, useState, type RefObject } from 'react';
import { formatCount } from '../../shared/units.ts';
import { useDashboard } from '../context.ts';
import { StreamTableRow } from './stream-table-row.tsx';
import {
  filterStreams,
  nextSort,
  sortStreams,
  streamRows,
  type StreamSort,
  type StreamSortKey,
} from '../logic/stream-table.ts';

/** Rendering thousands of rows costs more than any operator reads; the filter narrows the rest. */
const MAX_ROWS = 1_000;

const COLUMNS: { key: StreamSortKey; label: 'streams.col.name' | 'streams.col.source' | 'streams.col.viewers' | 'streams.col.bandwidth'; numeric: boolean }[] = [
  { key: 'name', label: 'streams.col.name', numeric: false },
  { key: 'source', label: 'streams.col.source', numeric: false },
  { key: 'viewers', label: 'streams.col.viewers', numeric: true },
  { key: 'bandwidth', label: 'streams.col.bandwidth', numeric: true },
];

export function StreamsView({ filterRef }: { filterRef: RefObject<HTMLInputElement | null> }) {
  const { snapshot, t } = useDashboard();
  const [query, setQuery] = useState('');
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [sort, setSort] = useState<StreamSort>({ key: 'viewers', direction: 'desc' });
  const all = useMemo(() => streamRows(snapshot?.sources ?? []), [snapshot]);
  const rows = useMemo(() => sortStreams(filterStreams(all, query, sourceId), sort), [all, query, sourceId, sort]);
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
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setQuery('');
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
        <span className="muted" data-testid="stream-count">
          {t('streams.count', { shown: formatCount(rows.length), total: formatCount(all.length) })}
        </span>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="streams-table">
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column.key}
                  className={column.numeric ? 'num' : undefined}
                  aria-sort={sort.key === column.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort" onClick={() => setSort(nextSort(sort, column.key))}>
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
            {rows.slice(0, MAX_ROWS).map((row) => (
              <StreamTableRow key={row.key} row={row} />
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="placeholder">{t('streams.none')}</p>}
      </div>
    </div>
  );
}
