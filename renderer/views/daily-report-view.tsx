import { useState, type FormEvent } from 'react';
import type { DailyStatsRow } from '../../shared/daily-stats.ts';
import { formatBitrate, formatBytes, formatCount, formatDuration } from '../../shared/units.ts';
import { errorMessage, useDashboard } from '../context.ts';
import { csvFileName, dailyCsv, dailyTotals, utcDate } from '../logic/daily-report.ts';

type Result =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ok'; rows: DailyStatsRow[]; sourceId: string; from: string; to: string };

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export function DailyReportView() {
  const { client, snapshot, t } = useDashboard();
  const sources = (snapshot?.sources ?? []).filter((source) => source.provider === 'wmspanel');
  const [sourceId, setSourceId] = useState(sources[0]?.id ?? '');
  const [from, setFrom] = useState(() => utcDate(Date.now(), -7));
  const [to, setTo] = useState(() => utcDate(Date.now(), -1));
  const [server, setServer] = useState('');
  const [result, setResult] = useState<Result>({ status: 'idle' });

  if (sources.length === 0) return <p className="placeholder">{t('daily.noWmspanel')}</p>;
  const chosen = sourceId === '' ? (sources[0]?.id ?? '') : sourceId;
  const badRange = from !== '' && to !== '' && from > to;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (badRange) return;
    setResult({ status: 'loading' });
    const request = { sourceId: chosen, from, to, ...(server.trim() === '' ? {} : { server: server.trim() }) };
    client.dailyReport(request).then(
      (answer) => setResult({ status: 'ok', rows: answer.rows, sourceId: chosen, from, to }),
      (error: unknown) => setResult({ status: 'error', message: errorMessage(error) }),
    );
  };

  return (
    <div className="daily">
      <form className="toolbar form-row" onSubmit={submit}>
        <label>
          {t('daily.source')}
          <select value={chosen} onChange={(event) => setSourceId(event.target.value)}>
            {sources.map((source) => (
              <option key={source.id} value={source.id}>
                {source.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('daily.from')}
          <input type="date" required value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          {t('daily.to')}
          <input type="date" required value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <label>
          {t('daily.server')}
          <input type="text" value={server} onChange={(event) => setServer(event.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={badRange || result.status === 'loading'}>
          {t('daily.submit')}
        </button>
        {result.status === 'ok' && result.rows.length > 0 && (
          <button
            type="button"
            onClick={() => download(csvFileName(result.sourceId, result.from, result.to), dailyCsv(result.rows))}
          >
            {t('daily.csv')}
          </button>
        )}
      </form>
      {badRange && <p className="error-text">{t('daily.badRange')}</p>}
      {result.status === 'loading' && <p className="placeholder">{t('state.loading')}</p>}
      {result.status === 'error' && (
        <div className="banner banner-error" role="alert">
          {t('state.error', { message: result.message })}
        </div>
      )}
      {result.status === 'ok' && result.rows.length === 0 && <p className="placeholder">{t('daily.noRows')}</p>}
      {result.status === 'ok' && result.rows.length > 0 && <DailyTable rows={result.rows} />}
    </div>
  );
}

function DailyTable({ rows }: { rows: DailyStatsRow[] }) {
  const { t } = useDashboard();
  const totals = dailyTotals(rows);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="daily-table">
        <thead>
          <tr>
            <th>{t('daily.col.date')}</th>
            <th className="num">{t('daily.col.viewers')}</th>
            <th className="num">{t('daily.col.viewTime')}</th>
            <th className="num">{t('daily.col.in')}</th>
            <th className="num">{t('daily.col.out')}</th>
            <th className="num">{t('daily.col.lost')}</th>
            <th className="num">{t('daily.col.maxIn')}</th>
            <th className="num">{t('daily.col.maxOut')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.date}>
              <td className="mono">{row.date}</td>
              <td className="num">{formatCount(row.viewers)}</td>
              <td className="num">{formatDuration(row.total_view_time)}</td>
              <td className="num">{formatBytes(row.message_in)}</td>
              <td className="num">{formatBytes(row.message_out)}</td>
              <td className="num">{formatBytes(row.message_lost)}</td>
              <td className="num">{formatBitrate(row.max_message_in_rate)}</td>
              <td className="num">{formatBitrate(row.max_message_out_rate)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>{t('daily.total')}</th>
            <td className="num">{formatCount(totals.viewers)}</td>
            <td className="num">{formatDuration(totals.totalViewTime)}</td>
            <td className="num">{formatBytes(totals.messageIn)}</td>
            <td className="num">{formatBytes(totals.messageOut)}</td>
            <td className="num">{formatBytes(totals.messageLost)}</td>
            <td className="num">{formatBitrate(totals.maxIn)}</td>
            <td className="num">{formatBitrate(totals.maxOut)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
