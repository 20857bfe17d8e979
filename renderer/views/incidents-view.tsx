import { useEffect, useState } from 'react';
import type { Incident } from '../../shared/alerts.ts';
import { formatDowntime } from '../../shared/i18n/notice-words.ts';
import { displaySubjectName } from '../../shared/i18n/describe-notice.ts';
import type { MuteTarget } from '../../shared/notices.ts';
import { useDashboard, errorMessage } from '../context.ts';
import { formatClock } from '../logic/format-age.ts';
import { downtimeOf, mergeIncidents, muteTargetOf, sameTarget } from '../logic/incidents.ts';
import { useQuery } from '../use-query.ts';

const DAY_MS = 86_400_000;
const MUTE_HOURS = [1, 4, 24] as const;

export function IncidentsView() {
  const { client, snapshot, t, now, toast } = useDashboard();
  const data = useQuery('incidents', async () => {
    const sinceMs = Date.now() - DAY_MS;
    // The event log is secondary: if it alone fails, incidents and their actions still show.
    const [recent, events, mutes] = await Promise.all([
      client.incidents({ sinceMs }),
      client.alertEvents({ sinceMs, limit: 300 }).then(
        (answer) => ({ ok: true as const, events: answer.events }),
        (error: unknown) => ({ ok: false as const, message: errorMessage(error) }),
      ),
      client.mutes({}),
    ]);
    return { incidents: recent.incidents, events, mutes: mutes.mutes };
  });
  const { reload } = data;
  // Incidents change outside this view: follow the core's incident events.
  useEffect(() => client.on('incident', () => reload()), [client, reload]);
  const [muteHours, setMuteHours] = useState<number | null>(1);

  const run = (action: Promise<unknown>): void => {
    action.then(reload, (error: unknown) => toast(errorMessage(error), 'warning'));
  };
  const mute = (target: MuteTarget) =>
    run(client.mute({ target, untilMs: muteHours === null ? null : Date.now() + muteHours * 3_600_000 }));

  const sourceName = (id: string) => snapshot?.sources.find((source) => source.id === id)?.name ?? id;
  const subjectLabel = (incident: Pick<Incident, 'subject'>) => (
    <>
      <span className="tag">{t(`incidents.kind.${incident.subject.kind}`)}</span>{' '}
      <span className="mono">{displaySubjectName(incident.subject.name)}</span>
    </>
  );
  // Open and recent incidents share their columns; only open ones get an actions column.
  const incidentHead = (withActions: boolean) => (
    <thead>
      <tr>
        <th>{t('incidents.col.subject')}</th>
        <th>{t('incidents.col.source')}</th>
        <th>{t('incidents.col.opened')}</th>
        <th className="num">{t('incidents.col.downtime')}</th>
        {withActions && <th />}
      </tr>
    </thead>
  );
  const incidentCells = (incident: Incident) => (
    <>
      <td>{subjectLabel(incident)}</td>
      <td>{sourceName(incident.sourceId)}</td>
      <td>{formatClock(incident.openedAt, now)}</td>
      <td className="num">{formatDowntime(downtimeOf(incident, now))}</td>
    </>
  );

  if (data.data === null) {
    return data.status === 'error' ? (
      <div className="banner banner-error" role="alert">
        {t('state.error', { message: data.message })}{' '}
        <button type="button" onClick={reload}>
          {t('action.retry')}
        </button>
      </div>
    ) : (
      <p className="placeholder">{t('state.loading')}</p>
    );
  }
  const all = mergeIncidents(snapshot?.openIncidents ?? [], data.data.incidents);
  const open = all.filter((incident) => incident.closedAt === null);
  const closed = all.filter((incident) => incident.closedAt !== null);
  const mutes = data.data.mutes;
  const eventLog = data.data.events;
  const events = eventLog.ok ? [...eventLog.events].reverse() : [];

  return (
    <div className="incidents">
      <div className="toolbar">
        <label>
          {t('incidents.muteFor')}{' '}
          <select
            value={muteHours === null ? '' : String(muteHours)}
            onChange={(event) => setMuteHours(event.target.value === '' ? null : Number(event.target.value))}
          >
            {MUTE_HOURS.map((hours) => (
              <option key={hours} value={hours}>
                {t('incidents.hours', { count: hours })}
              </option>
            ))}
            <option value="">{t('incidents.forever')}</option>
          </select>
        </label>
      </div>
      <section>
        <h2>
          {t('incidents.open')} <span className="count">{open.length}</span>
        </h2>
        {open.length === 0 ? (
          <p className="placeholder">{t('incidents.noneOpen')}</p>
        ) : (
          <table className="table">
            {incidentHead(true)}
            <tbody>
              {open.map((incident) => {
                const target = muteTargetOf(incident);
                const muted = mutes.some((entry) => sameTarget(entry.target, target));
                return (
                  <tr key={incident.id} className="row-open">
                    {incidentCells(incident)}
                    <td className="actions">
                      {incident.acknowledgedAt === null ? (
                        <button
                          type="button"
                          onClick={() => run(client.acknowledge({ incidentId: incident.id }))}
                        >
                          {t('incidents.acknowledge')}
                        </button>
                      ) : (
                        <span className="muted">{t('incidents.acknowledged')}</span>
                      )}
                      {muted ? (
                        <button type="button" onClick={() => run(client.unmute({ target }))}>
                          {t('incidents.unmute')}
                        </button>
                      ) : (
                        <button type="button" onClick={() => mute(target)}>
                          {t('incidents.mute')}
                        </button>
                      )}
                      <button
                        type="button"
                        onClick={() => run(client.closeIncident({ incidentId: incident.id }))}
                      >
                        {t('incidents.close')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section>
        <h2>{t('incidents.recent')}</h2>
        {closed.length === 0 ? (
          <p className="placeholder">{t('incidents.noneRecent')}</p>
        ) : (
          <table className="table">
            {incidentHead(false)}
            <tbody>
              {closed.map((incident) => (
                <tr key={incident.id}>{incidentCells(incident)}</tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
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
                  <span className="mono"> · {displaySubjectName(entry.target.name)}</span>
                )}{' '}
                <span className="muted">
                  {t('incidents.col.until')}:{' '}
                  {entry.untilMs === null ? t('incidents.forever') : formatClock(entry.untilMs, now)}
                </span>{' '}
                <button type="button" onClick={() => run(client.unmute({ target: entry.target }))}>
                  {t('incidents.unmute')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>{t('incidents.events')}</h2>
        {!eventLog.ok ? (
          <p className="error-text">{t('state.error', { message: eventLog.message })}</p>
        ) : events.length === 0 ? (
          <p className="placeholder">{t('incidents.noEvents')}</p>
        ) : (
          <div className="table-wrap table-short">
            <table className="table">
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
                    <td>{formatClock(event.occurredAt, now)}</td>
                    <td>{subjectLabel(event)}</td>
                    <td>{sourceName(event.sourceId)}</td>
                    <td className={event.status === 'offline' ? 'error-text' : 'ok-text'}>
                      {t(`incidents.status.${event.status}`)}
                    </td>
                    <td className="muted">{event.origin}</td>
                    <td className="muted">
                      {[event.reason, ...event.checkpoints].filter(Boolean).join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
