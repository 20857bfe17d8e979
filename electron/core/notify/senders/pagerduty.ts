import type { ContactPoint } from '../../../../shared/contact-points.ts';
import type { ContactMessage } from '../contact-message.ts';
import { JSON_HEADERS, postToService } from './http-post.ts';
import type { Sender } from './sender.ts';

// PagerDuty Events API v2: POST <origin>/v2/enqueue with the routing key, `event_action` trigger or
// resolve, and a `dedup_key` that is the alert's stable key, so the resolve closes what the trigger opened
// (and a retried trigger never opens a second alert). Success is 202 {"status":"success",…}.

type PagerDutyPoint = Extract<ContactPoint, { type: 'pagerduty' }>;
const PUBLIC_ORIGIN = 'https://events.pagerduty.com';
const MAX_SUMMARY = 1024;

export function pagerdutyUrl(point: PagerDutyPoint): string {
  return `${(point.baseUrl ?? PUBLIC_ORIGIN).replace(/\/+$/, '')}/v2/enqueue`;
}

function dedupKeyOf(message: ContactMessage, pointId: string): string {
  return message.alertKey ?? `streamtray-test-${pointId}`;
}

export function pagerdutyEvent(message: ContactMessage, routingKey: string, pointId: string): unknown {
  const dedupKey = dedupKeyOf(message, pointId);
  if (message.resolves) return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  const summary = `${message.title}: ${message.body}`;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary,
      source: message.source?.name ?? 'streamtray',
      severity: message.severity,
      timestamp: new Date(message.openedAt ?? message.createdAt).toISOString(),
      ...(message.subject ? { component: message.subject.name } : {}),
      ...(message.source ? { group: message.source.id } : {}),
      class: message.type,
      custom_details: {
        details: message.details,
        incidentId: message.incidentId,
        provider: message.source?.provider ?? null,
        viewersAffected: message.viewersAffected,
        checkpoints: message.checkpoints,
      },
    },
    client: 'Streamtray',
    ...(message.link
      ? { client_url: message.link, links: [{ href: message.link, text: 'Streamtray' }] }
      : {}),
  };
}

export const pagerdutySender: Sender<PagerDutyPoint> = {
  type: 'pagerduty',
  secretRequired: () => true,
  // An alert service takes what opens or closes an alert; summaries are for people.
  accepts: (message) => message.alertKey !== null || message.type === 'test',
  async send(request) {
    return postToService(request, {
      url: pagerdutyUrl(request.point),
      headers: JSON_HEADERS,
      body: JSON.stringify(pagerdutyEvent(request.message, request.secret ?? '', request.point.id)),
    });
  },
};
