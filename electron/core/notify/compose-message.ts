import type { Incident } from '../../../shared/alerts.ts';
import { contactWords } from '../../../shared/i18n/contact-words.ts';
import { describeNotice, displaySubjectName } from '../../../shared/i18n/describe-notice.ts';
import type { Locale, Notice, Severity } from '../../../shared/notices.ts';
import type { ContactMessageType } from '../../../shared/notify-status.ts';
import { stormAlertKey, subjectAlertKey } from './alert-key.ts';
import type { ContactMessage } from './contact-message.ts';

// Turns one engine notice into the message every contact point receives, in the operator's language.
// How notice kinds map onto message types (docs/contact-points.md):
//   incident-opened → incident.opened        incident-resolved → incident.closed
//   storm-opened, storm-grew → storm.opened  storm-resolved → storm.closed (resolves once none is down)
//   flapping → incident.opened               flapping-ended → incident.closed (online) / .opened (offline)
//   quiet-hours-summary → storm.opened while something is still down, else storm.closed; no alert key,
//   so alert services (PagerDuty, Alertmanager) skip it.

/** What was known of an alert when it opened, for its recovery (audience, severity). */
export interface OpenedAlert {
  severity: Severity;
  viewers: number | null;
  openedAt: number;
}

export interface ComposeContext {
  locale: Locale;
  now: number;
  sourceName(sourceId: string): string | undefined;
  provider(sourceId: string): string | null;
  incident(id: number): Incident | undefined;
  /** What the outbox recorded when this alert key opened. */
  opened(alertKey: string): OpenedAlert | undefined;
  /** `dashboard.publicUrl`. */
  publicUrl: string | null;
}

export type MessageDraft = Omit<ContactMessage, 'id'>;

export function incidentLink(publicUrl: string | null, incidentId: number | null): string | null {
  if (publicUrl === null) return null;
  const url = new URL(publicUrl);
  url.hash = incidentId === null ? '/incidents' : `/incidents/${incidentId}`;
  return url.href;
}

function sourceOf(sourceId: string, context: ComposeContext): ContactMessage['source'] {
  return {
    id: sourceId,
    name: context.sourceName(sourceId) ?? sourceId,
    provider: context.provider(sourceId),
  };
}

/** Viewers × downtime in minutes, where the audience is known. */
export function viewerMinutesLost(viewers: number | null, downtimeMs: number): number | null {
  return viewers === null ? null : Math.round((viewers * downtimeMs) / 60_000);
}

export function composeMessage(notice: Notice, context: ComposeContext): MessageDraft {
  const text = describeNotice(notice, context.locale, { sourceName: (id) => context.sourceName(id) });
  const words = contactWords(context.locale);
  const base = {
    createdAt: context.now,
    severity: notice.severity,
    title: text.title,
    body: text.body,
    locale: context.locale,
  };
  const { message } = notice;
  const firstId = notice.incidentIds[0] ?? null;
  const incident = firstId === null ? undefined : context.incident(firstId);

  switch (message.kind) {
    case 'incident-opened':
    case 'flapping':
    case 'flapping-ended':
    case 'incident-resolved': {
      const key = subjectAlertKey(message.sourceId, message.subject);
      const before = context.opened(key);
      const closing =
        message.kind === 'incident-resolved' ||
        (message.kind === 'flapping-ended' && message.status === 'online');
      const type: ContactMessageType = closing ? 'incident.closed' : 'incident.opened';
      const viewers = message.kind === 'incident-opened' ? message.viewers : (before?.viewers ?? null);
      const openedAt = incident?.openedAt ?? before?.openedAt ?? null;
      const closedAt = closing ? (incident?.closedAt ?? notice.at) : null;
      const downtimeMs =
        message.kind === 'incident-resolved'
          ? message.downtimeMs
          : closing && openedAt !== null && closedAt !== null
            ? Math.max(0, closedAt - openedAt)
            : null;
      const checkpoints =
        message.kind === 'incident-opened' ? message.checkpoints : (incident?.checkpoints ?? []);
      const lost = downtimeMs === null ? null : viewerMinutesLost(viewers, downtimeMs);
      const details = [
        ...(openedAt === null ? [] : [words.since(openedAt)]),
        ...(viewers === null ? [] : [words.viewers(viewers)]),
        ...(checkpoints.length > 0 ? [words.checkpoints(checkpoints)] : []),
        ...(downtimeMs === null ? [] : [words.downtime(downtimeMs)]),
        ...(lost === null ? [] : [words.viewerMinutesLost(lost)]),
      ];
      return {
        ...base,
        type,
        // A recovery keeps the severity its alert opened with: alert services match on it.
        severity: closing ? (before?.severity ?? notice.severity) : notice.severity,
        alertSeverity: before?.severity ?? notice.severity,
        alertKey: key,
        resolves: closing,
        incidentId: firstId,
        source: sourceOf(message.sourceId, context),
        subject: { kind: message.subject.kind, name: displaySubjectName(message.subject.name) },
        details,
        link: incidentLink(context.publicUrl, firstId),
        openedAt,
        closedAt,
        downtimeSeconds: downtimeMs === null ? null : downtimeMs / 1000,
        viewersAffected: viewers,
        checkpoints,
      };
    }
    case 'storm-opened':
    case 'storm-grew':
    case 'storm-resolved': {
      const key = stormAlertKey(message.sourceId);
      const before = context.opened(key);
      const closing = message.kind === 'storm-resolved';
      const resolves = closing && message.stillDown === 0;
      return {
        ...base,
        type: closing ? 'storm.closed' : 'storm.opened',
        severity: resolves ? (before?.severity ?? notice.severity) : notice.severity,
        alertSeverity: before?.severity ?? notice.severity,
        alertKey: key,
        resolves,
        incidentId: null,
        source: sourceOf(message.sourceId, context),
        subject: null,
        details: before ? [words.since(before.openedAt)] : [],
        link: incidentLink(context.publicUrl, null),
        openedAt: before?.openedAt ?? (closing ? null : notice.at),
        closedAt: resolves ? notice.at : null,
        downtimeSeconds: closing ? message.longestDowntimeMs / 1000 : null,
        viewersAffected: null,
        checkpoints: [],
      };
    }
    case 'quiet-hours-summary':
      return {
        ...base,
        type: message.stillDown > 0 ? 'storm.opened' : 'storm.closed',
        alertSeverity: notice.severity,
        alertKey: null,
        resolves: false,
        incidentId: null,
        source: null,
        subject: null,
        details: [],
        link: incidentLink(context.publicUrl, null),
        openedAt: null,
        closedAt: null,
        downtimeSeconds: null,
        viewersAffected: null,
        checkpoints: [],
      };
  }
}

/** The reminder of an alert still open: its opening message again, typed `incident.reminder`. */
export function composeReminder(opening: ContactMessage, locale: Locale, now: number): MessageDraft {
  const { id: _id, ...rest } = opening;
  return {
    ...rest,
    type: 'incident.reminder',
    createdAt: now,
    title: contactWords(locale).reminder(opening.title),
  };
}

/** The `test` message "Send test" and `streamtray notify test` deliver. */
export function composeTest(
  pointName: string,
  locale: Locale,
  now: number,
  publicUrl: string | null,
): MessageDraft {
  const words = contactWords(locale);
  return {
    type: 'test',
    createdAt: now,
    severity: 'info',
    alertSeverity: 'info',
    alertKey: null,
    resolves: false,
    incidentId: null,
    source: null,
    subject: null,
    title: words.testTitle,
    body: words.testBody(pointName),
    details: [],
    link: incidentLink(publicUrl, null),
    openedAt: null,
    closedAt: null,
    downtimeSeconds: null,
    viewersAffected: null,
    checkpoints: [],
    locale,
  };
}
