import type { ContactPoint } from '../../../../shared/contact-points.ts';
import type { ContactMessage } from '../contact-message.ts';
import { plainText } from '../contact-message.ts';
import { JSON_HEADERS, postToService } from './http-post.ts';
import type { Sender } from './sender.ts';

// Prometheus Alertmanager API v2: POST <url>/api/v2/alerts with a list of alerts. The labels identify the
// alert (alertname, source, provider, subject, severity): the resolve repeats them with `endsAt` set to
// now. A firing alert carries an `endsAt` a day ahead, so it stays firing between reminders instead of
// lapsing after Alertmanager's resolve_timeout. Success is 200 with an empty body.

type AlertmanagerPoint = Extract<ContactPoint, { type: 'alertmanager' }>;
const FIRING_FOR_MS = 24 * 3_600_000;
const TEST_FOR_MS = 5 * 60_000;

function alertnameOf(message: ContactMessage): string {
  if (message.type === 'test') return 'StreamtrayTest';
  if (message.alertKey?.endsWith('-storm')) return 'StreamtrayStorm';
  return 'StreamtrayIncident';
}

export function alertmanagerAlert(message: ContactMessage, now: number, pointId: string): unknown {
  const endsAt = message.resolves ? now : now + (message.type === 'test' ? TEST_FOR_MS : FIRING_FOR_MS);
  return {
    labels: {
      alertname: alertnameOf(message),
      source: message.source?.id ?? (message.type === 'test' ? pointId : 'streamtray'),
      provider: message.source?.provider ?? 'none',
      subject: message.subject?.name ?? (message.type === 'test' ? 'test' : 'storm'),
      severity: message.alertSeverity,
    },
    annotations: {
      summary: message.title,
      description: plainText({ ...message, link: null }),
      ...(message.incidentId === null ? {} : { incident_id: String(message.incidentId) }),
    },
    startsAt: new Date(message.openedAt ?? message.createdAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    ...(message.link ? { generatorURL: message.link } : {}),
  };
}

export function alertmanagerUrl(point: AlertmanagerPoint): string {
  return `${point.url.replace(/\/+$/, '')}/api/v2/alerts`;
}

export const alertmanagerSender: Sender<AlertmanagerPoint> = {
  type: 'alertmanager',
  secretRequired: () => false,
  accepts: (message) => message.alertKey !== null || message.type === 'test',
  async send(request) {
    const auth: Record<string, string> = {};
    if (request.secret) {
      const pair = `${request.point.user ?? 'streamtray'}:${request.secret}`;
      auth['authorization'] = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    return postToService(request, {
      url: alertmanagerUrl(request.point),
      headers: { ...JSON_HEADERS, ...auth },
      body: JSON.stringify([alertmanagerAlert(request.message, request.now, request.point.id)]),
    });
  },
};
