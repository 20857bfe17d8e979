import { Webhook } from 'standardwebhooks';
import type { ContactPoint } from '../../../../shared/contact-points.ts';
import type { ContactMessage } from '../contact-message.ts';
import { JSON_HEADERS, postToService } from './http-post.ts';
import type { Sender, SendResult } from './sender.ts';

// Standard Webhooks (standardwebhooks.com): `webhook-id` stays the same on every retry and after a restart,
// `webhook-timestamp` is the attempt's, and `webhook-signature` signs "<id>.<timestamp>.<body>" with the
// point's `whsec_` key. The body's shape is documented in docs/contact-points.md.

type WebhookPoint = Extract<ContactPoint, { type: 'webhook' }>;

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The documented body: type, timestamp and data, every field present (null when it has no value). */
export function webhookBody(message: ContactMessage): string {
  return JSON.stringify({
    type: message.type,
    timestamp: new Date(message.createdAt).toISOString(),
    data: {
      incidentId: message.incidentId,
      source: message.source,
      subject: message.subject,
      severity: message.severity,
      title: message.title,
      body: message.body,
      openedAt: iso(message.openedAt),
      closedAt: iso(message.closedAt),
      downtimeSeconds: message.downtimeSeconds,
      viewersAffected: message.viewersAffected,
    },
  });
}

function signer(secret: string): Webhook | string {
  if (!secret.startsWith('whsec_')) return 'the signing secret must look like whsec_<base64>';
  try {
    return new Webhook(secret);
  } catch {
    return 'the signing secret after whsec_ is not valid base64';
  }
}

export const webhookSender: Sender<WebhookPoint> = {
  type: 'webhook',
  secretRequired: () => true,
  async send(request): Promise<SendResult> {
    const webhook = signer(request.secret ?? '');
    if (typeof webhook === 'string')
      return { outcome: 'failed', status: null, answer: '', error: webhook, retryAfterMs: null };
    const body = webhookBody(request.message);
    const seconds = Math.floor(request.now / 1000);
    return postToService(request, {
      url: request.point.url,
      headers: {
        ...JSON_HEADERS,
        'webhook-id': request.message.id,
        'webhook-timestamp': String(seconds),
        'webhook-signature': webhook.sign(request.message.id, new Date(seconds * 1000), body),
      },
      body,
    });
  },
};
