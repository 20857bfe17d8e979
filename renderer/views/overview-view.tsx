import { useMemo } from 'react';
import type { SourceSnapshot } from '../../shared/bridge.ts';
import { formatBitrate, formatCount } from '../../shared/units.ts';
import { BudgetNote } from './budget-note.tsx';
import { useDashboard } from '../context.ts';
import { formatAge } from '../logic/format-age.ts';
import { sortStreams, streamRows } from '../logic/stream-table.ts';
import { isFailing, openIncidentsOn } from '../logic/totals.ts';
import { PROVIDER_NAMES, sourceErrorWords } from '../logic/words.ts';
import { GlancePill } from './glance-pill.tsx';
import { PartialTotal } from './partial-total.tsx';
import { StreamTableRow } from './stream-table-row.tsx';

const STATE_LABEL = {
  scheduled: 'source.state.scheduled',
  polling: 'source.state.polling',
  backoff: 'source.state.backoff',
  held: 'source.state.heldShort',
  paused: 'source.state.paused',
  stopped: 'source.state.stopped',
} as const;

export function OverviewView() {
  const { snapshot, t } = useDashboard();
  if (snapshot === null) return <p className="placeholder">{t('state.loading')}</p>;
  const openCount = snapshot.glance.openIncidents;
  return (
    <div className="overview">
      <section className="totals" aria-label={t('nav.overview')}>
        <div className="figure" data-testid="total-viewers">
          <span className="figure-label">{t('total.viewers')}</span>
          <span className="figure-value">{formatCount(snapshot.total.viewers)}</span>
        </div>
        <div className="figure" data-testid="total-bandwidth">
          <span className="figure-label">{t('total.bandwidth')}</span>
          <span className="figure-value">{formatBitrate(snapshot.total.bandwidthBps)}</span>
        </div>
        <a className="figure figure-link" href="#/incidents" data-testid="total-incidents">
          <span className="figure-label">{t('total.incidents')}</span>
          <span className={`figure-value${openCount > 0 ? ' figure-alert' : ''}`}>
            {formatCount(openCount)}
          </span>
          <span className="figure-note">
            {openCount > 0 ? `${t('overview.openIncidentsLink')} →` : t('overview.noneOpen')}
          </span>
        </a>
        <div className="figure">
          <span className="figure-label">{t('total.sources')}</span>
          <span className="figure-value figure-glance">
            {formatCount(snapshot.sources.length)} <GlancePill state={snapshot.glance.state} />
          </span>
        </div>
        <PartialTotal testId="total-partial" />
      </section>
      {snapshot.sources.length === 0 ? (
        <p className="placeholder">{t('overview.noSources')}</p>
      ) : (
        <>
          <section className="cards">
            {snapshot.sources.map((source) => (
              <SourceCard key={source.id} source={source} />
            ))}
          </section>
          <TopStreams />
        </>
      )}
    </div>
  );
}

function SourceCard({ source }: { source: SourceSnapshot }) {
  const { t, now, receivedAt, snapshot } = useDashboard();
  const failing = isFailing(source);
  const incidents = openIncidentsOn(source.id, snapshot?.openIncidents ?? []);
  const tone =
    source.state === 'held' || failing
      ? 'bad'
      : source.stale
        ? 'stale'
        : incidents.length > 0
          ? 'warn'
          : 'good';
  const age = source.staleMs === null ? null : source.staleMs + Math.max(0, now - receivedAt);
  return (
    <article className={`card card-${tone}`} data-testid={`source-${source.id}`} aria-label={source.name}>
      <header className="card-head">
        <div className="card-title">
          <h2>{source.name}</h2>
          <span className="muted">
            {PROVIDER_NAMES[source.provider]} · <span translate="no">{source.id}</span>
          </span>
        </div>
        <span className={`state state-${tone}`}>
          {tone === 'warn' && source.state === 'scheduled'
            ? t('source.state.incident')
            : t(STATE_LABEL[source.state])}
        </span>
      </header>
      {incidents.length > 0 && (
        <a className="card-warning" href="#/incidents" data-testid="source-incidents">
          ⚠ {t('source.openIncidents', { count: incidents.length })} →
        </a>
      )}
      <dl className="card-figures">
        <div>
          <dt>{t('total.viewers')}</dt>
          <dd>{formatCount(source.viewers)}</dd>
        </div>
        <div>
          <dt>{t('total.bandwidth')}</dt>
          <dd>{formatBitrate(source.bandwidthBps)}</dd>
        </div>
        <div>
          <dt>{t('source.streams')}</dt>
          <dd>{formatCount(source.streams.length)}</dd>
        </div>
        <div>
          <dt>{t('source.callsToday')}</dt>
          <dd>{formatCount(source.callsToday)}</dd>
        </div>
      </dl>
      <BudgetNote budget={source.callBudget} />
      <footer className="card-foot">
        <span className={source.stale ? 'stale-text' : 'muted'} data-testid="staleness">
          {age === null ? t('source.never') : t('source.updated', { age: formatAge(age, t) })}
          {source.stale && ` · ${t('source.stale')}`}
        </span>
        {source.state === 'held' && <span className="error-text">{t('source.heldHint')}</span>}
        {source.lastError !== null && (
          <span className={failing ? 'error-text card-error' : 'muted card-error'} data-testid="source-error">
            {t('source.lastError')}: {sourceErrorWords(source.lastError, source.provider, t)}
          </span>
        )}
      </footer>
    </article>
  );
}

/** The busiest streams across every source: where the audience is, at a glance. */
const TOP = 10;

function TopStreams() {
  const { snapshot, t } = useDashboard();
  const top = useMemo(
    () =>
      sortStreams(streamRows(snapshot?.sources ?? []), { key: 'viewers', direction: 'desc' }).slice(0, TOP),
    [snapshot],
  );
  if (top.length === 0) return null;
  return (
    <section className="panel">
      <h2>{t('overview.topStreams')}</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('streams.col.name')}</th>
              <th>{t('streams.col.source')}</th>
              <th className="num">{t('streams.col.viewers')}</th>
              <th className="num">{t('streams.col.bandwidth')}</th>
            </tr>
          </thead>
          <tbody>
            {top.map((row) => (
              <StreamTableRow key={row.key} row={row} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
