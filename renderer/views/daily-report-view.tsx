import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react';
import { datesBetween } from '../../shared/calendar-date.ts';
import { ALL_SOURCES, type DailyReport } from '../../shared/daily-report.ts';
import { formatBitrate, formatBytes, formatCount, formatViewTime } from '../../shared/units.ts';
import { errorMessage, useDashboard } from '../context.ts';
import type { StringKey } from '../i18n/translate.ts';
import {
  columnP95,
  columnTotal,
  csvFileName,
  reportLines,
  shownColumns,
  shownCsv,
  sortLines,
  trendLines,
  utcDate,
  valueOf,
  type ColumnKind,
  type ReportColumn,
  type ReportLine,
  type ReportQuery,
  type SortOrder,
} from '../logic/daily-report.ts';
import { useReportRoute } from './use-report-route.ts';

// Chart.js is loaded only when a report is drawn (as for the Charts view).
const DailyTrendChart = lazy(() =>
  import('../charts/daily-trend-chart.tsx').then((module) => ({ default: module.DailyTrendChart })),
);

const MAX_DAYS = 366;
const QUICK_RANGES = [
  [7, 'daily.range.7'],
  [30, 'daily.range.30'],
  [90, 'daily.range.90'],
] as const;

const COLUMN_LABELS: Record<string, StringKey> = {
  date: 'daily.col.date',
  source: 'daily.col.source',
  peak_viewers: 'daily.col.peak_viewers',
  avg_viewers: 'daily.col.avg_viewers',
  peak_bandwidth_bps: 'daily.col.peak_bandwidth_bps',
  p95_bandwidth_bps: 'daily.col.p95_bandwidth_bps',
  traffic_bytes: 'daily.col.traffic_bytes',
  viewers: 'daily.col.viewers',
  total_view_time: 'daily.col.total_view_time',
  message_out: 'daily.col.message_out',
  message_in: 'daily.col.message_in',
  message_lost: 'daily.col.message_lost',
  max_message_out_rate: 'daily.col.max_message_out_rate',
  max_message_in_rate: 'daily.col.max_message_in_rate',
};

type Result =
  | { status: 'none' }
  | { status: 'error'; message: string }
  | { status: 'ok'; report: DailyReport; query: ReportQuery };

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function useFormatter(): (kind: ColumnKind, value: number | null) => string {
  const { t } = useDashboard();
  return useMemo(() => {
    const units = { hours: t('daily.unit.h'), minutes: t('daily.unit.m'), seconds: t('daily.unit.s') };
    return (kind: ColumnKind, value: number | null) =>
      kind === 'bitrate'
        ? formatBitrate(value)
        : kind === 'bytes'
          ? formatBytes(value)
          : kind === 'duration'
            ? formatViewTime(value, units)
            : formatCount(value);
  }, [t]);
}

export function DailyReportView() {
  const { client, snapshot, t } = useDashboard();
  const today = utcDate(Date.now());
  const [query, navigate] = useReportRoute(today);
  const [draft, setDraft] = useState(query);
  const [server, setServer] = useState('');
  const [appliedServer, setAppliedServer] = useState('');
  // The last answer stays on screen while the next one loads, so changing the range does not blank it.
  const [result, setResult] = useState<Result>({ status: 'none' });
  const [loading, setLoading] = useState(true);
  const sources = snapshot?.sources ?? [];

  useEffect(() => setDraft(query), [query]);

  useEffect(() => {
    let current = true;
    setLoading(true);
    const request = { ...query, ...(appliedServer === '' ? {} : { server: appliedServer }) };
    client.dailyReport(request).then(
      (report) => {
        if (!current) return;
        setResult({ status: 'ok', report, query });
        setLoading(false);
      },
      (error: unknown) => {
        if (!current) return;
        setResult({ status: 'error', message: errorMessage(error) });
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [client, query, appliedServer]);

  if (snapshot !== null && sources.length === 0) return <p className="placeholder">{t('daily.noSources')}</p>;

  const days =
    draft.from !== '' && draft.to !== '' && draft.from <= draft.to
      ? datesBetween(draft.from, draft.to).length
      : 0;
  const problem = draft.from > draft.to ? t('daily.badRange') : days > MAX_DAYS ? t('daily.tooLong') : null;
  const chosen =
    draft.source === ALL_SOURCES ? sources : sources.filter((source) => source.id === draft.source);
  const offersServer = chosen.some((source) => source.provider === 'wmspanel');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem !== null) return;
    setAppliedServer(offersServer ? server.trim() : '');
    navigate(draft);
  };
  const quick = (length: number) => navigate({ ...draft, from: utcDate(Date.now(), 1 - length), to: today });

  return (
    <div className="daily" data-testid="daily-report">
      <form className="toolbar form-row report-form" onSubmit={submit}>
        <label>
          {t('daily.source')}
          <select
            value={draft.source}
            onChange={(event) => setDraft({ ...draft, source: event.target.value })}
          >
            <option value={ALL_SOURCES}>{t('daily.allSources')}</option>
            {sources.map((source) => (
              <option key={source.id} value={source.id}>
                {source.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('daily.from')}
          <input
            type="date"
            required
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </label>
        <label>
          {t('daily.to')}
          <input
            type="date"
            required
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </label>
        {offersServer && (
          <label>
            {t('daily.server')}
            <input type="text" value={server} onChange={(event) => setServer(event.target.value)} />
          </label>
        )}
        <button type="submit" className="primary" disabled={problem !== null || loading}>
          {t('daily.submit')}
        </button>
        <span className="segmented" role="group" aria-label={t('daily.quick')}>
          {QUICK_RANGES.map(([length, key]) => (
            <button key={length} type="button" onClick={() => quick(length)}>
              {t(key)}
            </button>
          ))}
        </span>
      </form>
      {problem !== null && <p className="error-text">{problem}</p>}
      {loading && (
        <p className="placeholder" role="status">
          {t('state.loading')}
        </p>
      )}
      {result.status === 'error' && (
        <div className="banner banner-error" role="alert">
          {t('state.error', { message: result.message })}
        </div>
      )}
      {result.status === 'ok' && <ReportBody report={result.report} query={result.query} today={today} />}
    </div>
  );
}

function ReportBody({ report, query, today }: { report: DailyReport; query: ReportQuery; today: string }) {
  const { t, themeKey } = useDashboard();
  const format = useFormatter();
  const nameOf = (id: string) => report.sources.find((source) => source.id === id)?.name ?? id;
  const failed = report.sources.filter((source) => source.error !== null);
  const columns = shownColumns(report.rows, report.sources);
  const [order, setOrder] = useState<SortOrder>({ key: 'date', descending: false });
  const [metricChoice, setMetricChoice] = useState<string | null>(null);
  const metric = columns.find((column) => column.id === metricChoice) ?? columns[0];
  const lines = sortLines(reportLines(report.rows, report.sources, query, today), order, nameOf);
  const dates = datesBetween(query.from, query.to);
  const several = report.sources.length > 1;

  return (
    <>
      {failed.length > 0 && (
        <div className="banner banner-error" role="alert">
          {t('daily.failedTitle')}
          <ul className="report-failures">
            {failed.map((source) => (
              <li key={source.id}>
                {t('daily.failed', { source: source.name, message: source.error?.message ?? '' })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report.rows.length === 0 ? (
        <p className="placeholder">{t('daily.noRows')}</p>
      ) : (
        <>
          {metric !== undefined && (
            <section className="chart-panel">
              <div className="toolbar form-row report-chart-head">
                <label>
                  {t('daily.metric')}
                  <select value={metric.id} onChange={(event) => setMetricChoice(event.target.value)}>
                    {columns.map((column) => (
                      <option key={column.id} value={column.id}>
                        {t(COLUMN_LABELS[column.id] ?? 'daily.col.date')}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <Suspense fallback={<p className="placeholder">{t('state.loading')}</p>}>
                <DailyTrendChart
                  dates={dates}
                  lines={trendLines(report.rows, report.sources, dates, metric.id).map((line) => ({
                    label: nameOf(line.sourceId),
                    values: line.values,
                  }))}
                  formatY={(value) => format(metric.kind, value)}
                  label={t('daily.chartLabel', { metric: t(COLUMN_LABELS[metric.id] ?? 'daily.col.date') })}
                  partialIndex={dates.indexOf(today)}
                  partialWord={t('daily.partial')}
                  themeKey={themeKey}
                />
              </Suspense>
            </section>
          )}
          <div className="toolbar report-table-head">
            <span className="muted">{t('daily.rows', { n: report.rows.length })}</span>
            <SortPicker columns={columns} order={order} onChange={setOrder} several={several} />
            <button
              type="button"
              onClick={() =>
                download(csvFileName(query.source, query.from, query.to), shownCsv(lines, columns))
              }
            >
              {t('daily.csv')}
            </button>
          </div>
          <ReportTable
            lines={lines}
            columns={columns}
            rows={report.rows}
            order={order}
            onSort={setOrder}
            nameOf={nameOf}
            several={several}
          />
          <p className="muted report-notes">
            {dates.includes(today) && <span>{t('daily.partialNote')} </span>}
            <span>{t('daily.utcNote')}</span>
          </p>
        </>
      )}
    </>
  );
}

/** The sort for narrow screens, where the table's headers are folded away. */
function SortPicker({
  columns,
  order,
  onChange,
  several,
}: {
  columns: readonly ReportColumn[];
  order: SortOrder;
  onChange: (order: SortOrder) => void;
  several: boolean;
}) {
  const { t } = useDashboard();
  const keys = ['date', ...(several ? ['source'] : []), ...columns.map((column) => column.id)];
  return (
    <label className="report-sort-narrow">
      {t('daily.sortBy')}
      <select
        value={`${order.key} ${order.descending ? 'desc' : 'asc'}`}
        onChange={(event) => {
          const [key = 'date', direction] = event.target.value.split(' ');
          onChange({ key, descending: direction === 'desc' });
        }}
      >
        {keys.flatMap((key) =>
          (['asc', 'desc'] as const).map((direction) => (
            <option key={`${key} ${direction}`} value={`${key} ${direction}`}>
              {t(COLUMN_LABELS[key] ?? 'daily.col.date')} ·{' '}
              {t(direction === 'asc' ? 'daily.sortAsc' : 'daily.sortDesc')}
            </option>
          )),
        )}
      </select>
    </label>
  );
}

interface TableProps {
  lines: readonly ReportLine[];
  columns: readonly ReportColumn[];
  rows: DailyReport['rows'];
  order: SortOrder;
  onSort: (order: SortOrder) => void;
  nameOf: (sourceId: string) => string;
  several: boolean;
}

function ReportTable({ lines, columns, rows, order, onSort, nameOf, several }: TableProps) {
  const { t } = useDashboard();
  const format = useFormatter();
  const label = (id: string) => t(COLUMN_LABELS[id] ?? 'daily.col.date');
  const header = (id: string, numeric: boolean) => {
    const active = order.key === id;
    return (
      <th
        key={id}
        className={numeric ? 'num' : undefined}
        aria-sort={active ? (order.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          className="sort"
          data-sort={id}
          onClick={() => onSort({ key: id, descending: active ? !order.descending : numeric })}
        >
          {label(id)}
          <span className="sort-mark" aria-hidden="true">
            {active ? (order.descending ? '▼' : '▲') : ''}
          </span>
        </button>
      </th>
    );
  };
  const textCells = several ? 2 : 1;
  return (
    <div className="table-wrap report-table-wrap">
      <table className="table report-table" data-testid="daily-table">
        <thead>
          <tr>
            {header('date', false)}
            {several && header('source', false)}
            {columns.map((column) => header(column.id, true))}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr
              key={line.key}
              className={line.row === null ? 'report-gap' : line.partial ? 'report-partial' : undefined}
              data-date={line.date}
              data-source={line.sourceId}
            >
              <td className="mono" data-label={label('date')}>
                {line.date}
                {line.partial && (
                  <span className="tag tag-warn report-partial-tag">{t('daily.partial')}</span>
                )}
              </td>
              {several && <td data-label={label('source')}>{nameOf(line.sourceId)}</td>}
              {line.row === null ? (
                <td className="muted report-gap-cell" colSpan={columns.length}>
                  {t('daily.gap')}
                </td>
              ) : (
                columns.map((column) => (
                  <td key={column.id} className="num" data-label={label(column.id)} data-column={column.id}>
                    {Object.hasOwn(line.row as object, column.id)
                      ? format(column.kind, valueOf(line.row, column.id))
                      : ''}
                  </td>
                ))
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="daily-total">
            <th colSpan={textCells} title={t('daily.totalHint')}>
              {t('daily.total')}
            </th>
            {columns.map((column) => (
              <td key={column.id} className="num" data-label={label(column.id)} data-column={column.id}>
                {column.total === 'none' ? '' : format(column.kind, columnTotal(rows, column))}
              </td>
            ))}
          </tr>
          <tr data-testid="daily-p95">
            <th colSpan={textCells} title={t('daily.p95Hint')}>
              {t('daily.p95')}
            </th>
            {columns.map((column) => (
              <td key={column.id} className="num" data-label={label(column.id)} data-column={column.id}>
                {format(column.kind, columnP95(rows, column))}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
