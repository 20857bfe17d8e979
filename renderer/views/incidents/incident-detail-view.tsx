import { useEffect } from 'react';
import type { IncidentDetail } from '../../../shared/bridge.ts';
import { downtimeOf, viewerMinutesLost } from '../../../shared/incident-impact.ts';
import { formatDowntime } from '../../../shared/i18n/notice-words.ts';
import type { MuteTarget } from '../../../shared/notices.ts';
import { formatCount } from '../../../shared/units.ts';
import { errorMessage, useDashboard } from '../../context.ts';
import { formatClock } from '../../logic/format-age.ts';
import { muteTargetOf, sameTarget } from '../../logic/incidents.ts';
import { originWords, reasonWords, severityWords } from '../../logic/words.ts';
import { useCoalesced } from '../../use-coalesced.ts';
import { useQuery } from '../../use-query.ts';
import { IncidentSubject, useSourceName } from './incident-subject.tsx';
import { FailedFrom } from './failed-from.tsx';
import { MuteControl } from './mute-control.tsx';

/** `#/incidents/<id>`: one incident with everything behind it, and what can be done about it. */
export function IncidentDetailView({ id }: { id: number }) {
  const { client, t, toast } = useDashboard();
  const query = useQuery(`incident:${id}`, async () => {
    const [answer, mutes] = await Promise.all([client.incident({ id }), client.mutes({})]);
    return { detail: answer.detail, mutes: mutes.mutes };
  });
  const { reload } = query;
  const reloadSoon = useCoalesced(reload, 400);
  useEffect(
    () =>
      client.on('incident', (incident) => {
        if (incident.id === id) reloadSoon();
      }),
    [client, id, reloadSoon],
  );

  const run = (action: Promise<unknown>): void => {
    action.then(reload, (error: unknown) => toast(errorMessage(error), 'warning'));
  };

  if (query.data === null) {
    return query.status === 'error' ? (
      <div className="banner banner-error" role="alert">
        {t('state.error', { message: query.message })}{' '}
        <button type="button" onClick={reload}>
          {t('action.retry')}
        </button>
      </div>
    ) : (
      <p className="placeholder">{t('state.loading')}</p>
    );
  }
  const { detail, mutes } = query.data;
  if (detail === null) {
    return (
      <div className="incident-detail" data-incident-id={id}>
        <BackLink />
        <p className="placeholder" role="alert">
          {t('incidents.detail.notFound', { id })}
        </p>
      </div>
    );
  }
  const target = muteTargetOf(detail.incident);
  return (
    <IncidentPage
      detail={detail}
      muted={mutes.some((entry) => sameTarget(entry.target, target))}
      onAcknowledge={() => run(client.acknowledge({ incidentId: id }))}
      onClose={() => run(client.closeIncident({ incidentId: id }))}
      onMute={(muteTarget: MuteTarget, untilMs) => run(client.mute({ target: muteTarget, untilMs }))}
      onUnmute={(muteTarget: MuteTarget) => run(client.unmute({ target: muteTarget }))}
    />
  );
}

function BackLink() {
  const { t } = useDashboard();
  return (
    <a className="back-link" href="#/incidents">
      ← {t('incidents.detail.back')}
    </a>
  );
}

function IncidentPage({
  detail,
  muted,
  onAcknowledge,
  onClose,
  onMute,
  onUnmute,
}: {
  detail: IncidentDetail;
  muted: boolean;
  onAcknowledge: () => void;
  onClose: () => void;
  onMute: (target: MuteTarget, untilMs: number | null) => void;
  onUnmute: (target: MuteTarget) => void;
}) {
  const { t, now } = useDashboard();
  const sourceName = useSourceName();
  const { incident } = detail;
  const open = incident.closedAt === null;
  const downtime = downtimeOf(incident, now);
  // While open, the loss keeps growing: recount it each second rather than show the figure as loaded.
  const lost = open ? viewerMinutesLost(detail.audience, downtime) : detail.viewerMinutesLost;
  const unknown = t('incidents.detail.unknown');
  const why = reasonWords(
    detail.events.find((event) => event.status === 'offline' && event.reason !== undefined)?.reason,
    t,
  );
  return (
    <article className="incident-detail panel" data-incident-id={incident.id} data-testid="incident-detail">
      <BackLink />
      <header className="incident-head">
        <h2>
          {t('incidents.detail.title', { id: incident.id })} ·{' '}
          <IncidentSubject sourceId={incident.sourceId} subject={incident.subject} />
        </h2>
        <div className="incident-badges">
          <span className={`state severity-${detail.severity}`}>{severityWords(detail.severity, t)}</span>
          <span className={`state ${open ? 'state-bad' : 'state-good'}`}>
            {open ? t('incidents.stillOpen') : t('incidents.detail.closedBadge')}
          </span>
          {detail.flapping && <span className="state state-stale">{t('incidents.flapping')}</span>}
        </div>
      </header>
      {detail.flapping && <p className="muted">{t('incidents.detail.flapping')}</p>}
      <dl className="detail-grid">
        <div>
          <dt>{t('incidents.detail.source')}</dt>
          <dd>{sourceName(incident.sourceId)}</dd>
        </div>
        {why !== null && (
          <div>
            <dt>{t('incidents.detail.reason')}</dt>
            <dd>{why}</dd>
          </div>
        )}
        <div>
          <dt>{t('incidents.detail.opened')}</dt>
          <dd>{formatClock(incident.openedAt, now)}</dd>
        </div>
        <div>
          <dt>{t('incidents.detail.closed')}</dt>
          <dd>
            {incident.closedAt === null ? t('incidents.stillOpen') : formatClock(incident.closedAt, now)}
          </dd>
        </div>
        <div>
          <dt>{t('incidents.detail.downtime')}</dt>
          <dd data-testid="incident-downtime">{formatDowntime(downtime)}</dd>
        </div>
        <div>
          <dt>{t('incidents.detail.audience')}</dt>
          <dd data-testid="incident-audience">
            {detail.audience === null ? unknown : formatCount(detail.audience)}
          </dd>
        </div>
        <div>
          <dt>{t('incidents.detail.viewerMinutes')}</dt>
          <dd data-testid="incident-viewer-minutes">{lost === null ? unknown : formatCount(lost)}</dd>
        </div>
        <div>
          <dt>{t('incidents.detail.acknowledged')}</dt>
          <dd>
            {incident.acknowledgedAt === null
              ? t('incidents.detail.notYet')
              : formatClock(incident.acknowledgedAt, now)}
          </dd>
        </div>
      </dl>
      <div className="actions incident-actions">
        {incident.acknowledgedAt === null ? (
          open && (
            <button type="button" className="primary" onClick={onAcknowledge}>
              {t('incidents.acknowledge')}
            </button>
          )
        ) : (
          <span className="muted">
            {t('incidents.acknowledgedAt', { when: formatClock(incident.acknowledgedAt, now) })}
          </span>
        )}
        <MuteControl target={muteTargetOf(incident)} muted={muted} onMute={onMute} onUnmute={onUnmute} />
        {open && (
          <button type="button" onClick={onClose}>
            {t('incidents.close')}
          </button>
        )}
      </div>
      <section>
        <h3>{t('incidents.detail.checkpoints')}</h3>
        {incident.checkpoints.length === 0 ? (
          <p className="muted">{t('incidents.detail.noCheckpoints')}</p>
        ) : (
          <ul className="checkpoints" translate="no">
            {incident.checkpoints.map((checkpoint) => (
              <li key={checkpoint}>{checkpoint}</li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h3>{t('incidents.detail.events')}</h3>
        <div className="table-wrap">
          <table className="table table-stack" data-testid="incident-events">
            <thead>
              <tr>
                <th>{t('incidents.col.time')}</th>
                <th>{t('incidents.col.status')}</th>
                <th>{t('incidents.col.origin')}</th>
                <th>{t('incidents.col.reason')}</th>
                <th className="num">{t('total.viewers')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.events.map((event) => (
                <tr key={event.id}>
                  <td data-label={t('incidents.col.time')}>{formatClock(event.occurredAt, now)}</td>
                  <td
                    data-label={t('incidents.col.status')}
                    className={event.status === 'offline' ? 'error-text' : 'ok-text'}
                  >
                    {t(`incidents.status.${event.status}`)}
                  </td>
                  <td data-label={t('incidents.col.origin')}>{originWords(event.origin, t)}</td>
                  <td data-label={t('incidents.col.reason')}>
                    {reasonWords(event.reason, t)}
                    {event.checkpoints.length > 0 && <FailedFrom checkpoints={event.checkpoints} />}
                  </td>
                  <td className="num" data-label={t('total.viewers')}>
                    {event.viewers === null || event.viewers === undefined ? '—' : formatCount(event.viewers)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </article>
  );
}
