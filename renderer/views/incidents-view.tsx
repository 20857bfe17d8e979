import { useCallback, useEffect, useState } from 'react';
import type { AlertEvent, Incident } from '../../shared/alerts.ts';
import type { IncidentPage } from '../../shared/bridge.ts';
import { formatDowntime } from '../../shared/i18n/notice-words.ts';
import type { MuteEntry, MuteTarget } from '../../shared/notices.ts';
import { errorMessage, useDashboard } from '../context.ts';
import { formatClock } from '../logic/format-age.ts';
import { loadClosed, type LoadedIncidents } from '../logic/incident-pages.ts';
import {
  downtimeOf,
  groupBySubject,
  mergeIncidents,
  muteTargetOf,
  sameTarget,
  totalDowntime,
  type IncidentGroup,
} from '../logic/incidents.ts';
import { originWords, reasonWords, subjectWords } from '../logic/words.ts';
import { useCoalesced } from '../use-coalesced.ts';
import { useQuery } from '../use-query.ts';
import { IncidentSubject, useSourceName } from './incidents/incident-subject.tsx';
import { FailedFrom } from './incidents/failed-from.tsx';
import { MuteControl } from './incidents/mute-control.tsx';

const DAY_MS = 86_400_000;
const PAGE_SIZE = 50;

export function IncidentsView() {
  const { client, snapshot, t, toast } = useDashboard();
  const side = useQuery('incidents:side', async () => {
    const sinceMs = Date.now() - DAY_MS;
    // The event log is secondary: if it alone fails, incidents and their actions still show.
    const [open, events, mutes] = await Promise.all([
      client.incidents({ open: true }),
      client.alertEvents({ sinceMs, limit: 300 }).then(
        (answer) => ({ ok: true as const, events: answer.events }),
        (error: unknown) => ({ ok: false as const, message: errorMessage(error) }),
      ),
      client.mutes({}),
    ]);
    return { open: open.incidents, events, mutes: mutes.mutes };
  });
  const closed = useClosedPages();
  const { reload } = side;
  const reloadAll = useCallback(() => {
    reload();
    closed.reload();
  }, [reload, closed.reload]);
  // Incidents change outside this view: follow the core's incident events, a burst at a time.
  const reloadSoon = useCoalesced(reloadAll, 400);
  useEffect(() => client.on('incident', reloadSoon), [client, reloadSoon]);

  const run = (action: Promise<unknown>): void => {
    action.then(reloadAll, (error: unknown) => toast(errorMessage(error), 'warning'));
  };
  const actions: RowActions = {
    acknowledge: (id) => run(client.acknowledge({ incidentId: id })),
    close: (id) => run(client.closeIncident({ incidentId: id })),
    mute: (target, untilMs) => run(client.mute({ target, untilMs })),
    unmute: (target) => run(client.unmute({ target })),
  };

  if (side.data === null) {
    return side.status === 'error' ? (
      <div className="banner banner-error" role="alert">
        {t('state.error', { message: side.message })}{' '}
        <button type="button" onClick={reloadAll}>
          {t('action.retry')}
        </button>
      </div>
    ) : (
      <p className="placeholder">{t('state.loading')}</p>
    );
  }
  const open = mergeIncidents(snapshot?.openIncidents ?? [], side.data.open).filter(
    (incident) => incident.closedAt === null,
  );
  const mutes = side.data.mutes;
  return (
    <div className="incidents">
      <section>
        <h2>
          {t('incidents.open')} <span className="count">{open.length}</span>
        </h2>
        {open.length === 0 ? (
          <p className="placeholder">{t('incidents.noneOpen')}</p>
        ) : (
          <OpenIncidents incidents={open} mutes={mutes} actions={actions} />
        )}
      </section>
      <ClosedIncidents pages={closed} />
      <MuteList mutes={mutes} onUnmute={actions.unmute} />
      <EventLog log={side.data.events} />
    </div>
  );
}

interface RowActions {
  acknowledge: (id: number) => void;
  close: (id: number) => void;
  mute: (target: MuteTarget, untilMs: number | null) => void;
  unmute: (target: MuteTarget) => void;
}

function DetailsLink({ id }: { id: number }) {
  const { t } = useDashboard();
  return (
    <a href={`#/incidents/${id}`} className="details-link" data-testid={`incident-link-${id}`}>
      {t('incidents.col.details')} →
    </a>
  );
}

function OpenIncidents({
  incidents,
  mutes,
  actions,
}: {
  incidents: Incident[];
  mutes: MuteEntry[];
  actions: RowActions;
}) {
  const { t, now } = useDashboard();
  const sourceName = useSourceName();
  return (
    <div className="table-wrap">
      <table className="table table-stack" data-testid="open-incidents">
        <thead>
          <tr>
            <th>{t('incidents.col.subject')}</th>
            <th>{t('incidents.col.source')}</th>
            <th>{t('incidents.col.opened')}</th>
            <th className="num">{t('incidents.col.downtime')}</th>
            <th>
              <span className="visually-hidden">{t('incidents.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => {
            const target = muteTargetOf(incident);
            return (
              <tr key={incident.id} className="row-open" data-incident-row={incident.id}>
                <td data-label={t('incidents.col.subject')}>
                  <IncidentSubject sourceId={incident.sourceId} subject={incident.subject} />
                </td>
                <td data-label={t('incidents.col.source')}>{sourceName(incident.sourceId)}</td>
                <td data-label={t('incidents.col.opened')}>{formatClock(incident.openedAt, now)}</td>
                <td className="num" data-label={t('incidents.col.downtime')}>
                  {formatDowntime(downtimeOf(incident, now))}
                </td>
                <td className="actions">
                  {incident.acknowledgedAt === null ? (
                    <button type="button" onClick={() => actions.acknowledge(incident.id)}>
                      {t('incidents.acknowledge')}
                    </button>
                  ) : (
                    <span className="muted">
                      {t('incidents.acknowledgedAt', { when: formatClock(incident.acknowledgedAt, now) })}
                    </span>
                  )}
                  <MuteControl
                    target={target}
                    muted={mutes.some((entry) => sameTarget(entry.target, target))}
                    onMute={actions.mute}
                    onUnmute={actions.unmute}
                  />
                  <button type="button" onClick={() => actions.close(incident.id)}>
                    {t('incidents.close')}
                  </button>
                  <DetailsLink id={incident.id} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface ClosedPages {
  incidents: Incident[];
  counts: IncidentPage['counts'] | null;
  nextCursor: string | null;
  status: 'loading' | 'ok' | 'error';
  message: string;
  more: () => void;
  reload: () => void;
}

/**
 * Closed incidents, newest closed first; "Show more" asks for the next fifty. A reload (an incident
 * changed) fetches as many as were shown, so an update does not fold the list back.
 */
function useClosedPages(): ClosedPages {
  const { client } = useDashboard();
  const [loaded, setLoaded] = useState<LoadedIncidents>({ incidents: [], counts: null, nextCursor: null });
  const [status, setStatus] = useState<{ status: 'loading' | 'ok' | 'error'; message: string }>({
    status: 'loading',
    message: '',
  });
  const [generation, setGeneration] = useState(0);
  const [wanted, setWanted] = useState(PAGE_SIZE);

  useEffect(() => {
    let current = true;
    setStatus((previous) => ({ ...previous, status: 'loading' }));
    loadClosed((request) => client.incidents(request), wanted).then(
      (answer) => {
        if (!current) return;
        setLoaded(answer);
        setStatus({ status: 'ok', message: '' });
      },
      (error: unknown) => current && setStatus({ status: 'error', message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [client, generation, wanted]);

  const more = useCallback(() => setWanted((previous) => previous + PAGE_SIZE), []);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...loaded, ...status, more, reload };
}

function ClosedIncidents({ pages }: { pages: ClosedPages }) {
  const { t } = useDashboard();
  const groups = groupBySubject(pages.incidents);
  const total = pages.counts?.closed ?? 0;
  return (
    <section>
      <h2>
        {t('incidents.recent')} <span className="count">{total}</span>
      </h2>
      {pages.status === 'error' && (
        <p className="error-text">{t('state.error', { message: pages.message })}</p>
      )}
      {pages.counts === null ? (
        <p className="placeholder">{t('state.loading')}</p>
      ) : pages.incidents.length === 0 ? (
        <p className="placeholder">{t('incidents.noneRecent')}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table-stack" data-testid="closed-incidents">
              <thead>
                <tr>
                  <th>{t('incidents.col.subject')}</th>
                  <th>{t('incidents.col.source')}</th>
                  <th>{t('incidents.col.opened')}</th>
                  <th>{t('incidents.col.closed')}</th>
                  <th className="num">{t('incidents.col.downtime')}</th>
                  <th>{t('incidents.col.details')}</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((group) => (
                  <ClosedRow key={group.key} group={group} />
                ))}
              </tbody>
            </table>
          </div>
          <p className="list-end muted" data-testid="closed-incidents-end">
            {pages.nextCursor === null ? (
              t('incidents.end', { count: pages.incidents.length })
            ) : (
              <>
                {t('incidents.shownOf', { shown: pages.incidents.length, total })}{' '}
                <button type="button" onClick={pages.more} data-testid="closed-incidents-more">
                  {t('incidents.loadMore')}
                </button>
              </>
            )}
          </p>
        </>
      )}
    </section>
  );
}

function ClosedRow({ group }: { group: IncidentGroup }) {
  const { t, now } = useDashboard();
  const sourceName = useSourceName();
  const incident = group.latest;
  const repeated = group.incidents.length > 1;
  return (
    <tr className={repeated ? 'row-grouped' : undefined}>
      <td data-label={t('incidents.col.subject')}>
        <IncidentSubject sourceId={incident.sourceId} subject={incident.subject} />
        {repeated && (
          <span className="group-note">
            {' '}
            <span className="tag tag-warn">{t('incidents.flapping')}</span>{' '}
            <span className="muted">
              {t('incidents.repeated', {
                count: group.incidents.length,
                downtime: formatDowntime(totalDowntime(group)),
              })}
            </span>
          </span>
        )}
      </td>
      <td data-label={t('incidents.col.source')}>{sourceName(incident.sourceId)}</td>
      <td data-label={t('incidents.col.opened')}>{formatClock(incident.openedAt, now)}</td>
      <td data-label={t('incidents.col.closed')}>
        {incident.closedAt === null ? '—' : formatClock(incident.closedAt, now)}
      </td>
      <td className="num" data-label={t('incidents.col.downtime')}>
        {formatDowntime(downtimeOf(incident, now))}
      </td>
      <td>
        <DetailsLink id={incident.id} />
      </td>
    </tr>
  );
}

function MuteList({ mutes, onUnmute }: { mutes: MuteEntry[]; onUnmute: (target: MuteTarget) => void }) {
  const { t, now } = useDashboard();
  const sourceName = useSourceName();
  return (
    <section>
      <h2>{t('incidents.mutes')}</h2>
      {mutes.length === 0 ? (
        <p className="placeholder">{t('incidents.noMutes')}</p>
      ) : (
        <ul className="mutes">
          {mutes.map((entry) => (
            <li key={JSON.stringify(entry.target)}>
              <span className="tag">{t(`incidents.kind.${entry.target.kind}`)}</span>{' '}
              {sourceName(entry.target.sourceId)}
              {entry.target.kind !== 'source' && (
                <span className="mono" translate="no">
                  {' '}
                  ·{' '}
                  {subjectWords(
                    entry.target.sourceId,
                    { kind: entry.target.kind, name: entry.target.name },
                    sourceName,
                    t,
                  )}
                </span>
              )}{' '}
              <span className="muted">
                {t('incidents.col.until')}:{' '}
                {entry.untilMs === null ? t('incidents.forever') : formatClock(entry.untilMs, now)}
              </span>{' '}
              <button type="button" onClick={() => onUnmute(entry.target)}>
                {t('incidents.unmute')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type EventLogState = { ok: true; events: AlertEvent[] } | { ok: false; message: string };

function EventLog({ log }: { log: EventLogState }) {
  const { t, now } = useDashboard();
  const sourceName = useSourceName();
  const events = log.ok ? [...log.events].reverse() : [];
  return (
    <section>
      <h2>{t('incidents.events')}</h2>
      {!log.ok ? (
        <p className="error-text">{t('state.error', { message: log.message })}</p>
      ) : events.length === 0 ? (
        <p className="placeholder">{t('incidents.noEvents')}</p>
      ) : (
        <div className="table-wrap table-short">
          <table className="table table-stack">
            <thead>
              <tr>
                <th>{t('incidents.col.time')}</th>
                <th>{t('incidents.col.subject')}</th>
                <th>{t('incidents.col.source')}</th>
                <th>{t('incidents.col.status')}</th>
                <th>{t('incidents.col.origin')}</th>
                <th>{t('incidents.col.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td data-label={t('incidents.col.time')}>{formatClock(event.occurredAt, now)}</td>
                  <td data-label={t('incidents.col.subject')}>
                    <IncidentSubject sourceId={event.sourceId} subject={event.subject} />
                  </td>
                  <td data-label={t('incidents.col.source')}>{sourceName(event.sourceId)}</td>
                  <td
                    data-label={t('incidents.col.status')}
                    className={event.status === 'offline' ? 'error-text' : 'ok-text'}
                  >
                    {t(`incidents.status.${event.status}`)}
                  </td>
                  <td data-label={t('incidents.col.origin')} className="muted">
                    {originWords(event.origin, t)}
                  </td>
                  <td data-label={t('incidents.col.reason')} className="muted">
                    {reasonWords(event.reason, t)}
                    {event.checkpoints.length > 0 && <FailedFrom checkpoints={event.checkpoints} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
