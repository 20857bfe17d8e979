import { z } from 'zod';
import { contactPointSchema } from './contact-points.ts';

// What the dashboard and `streamtray notify list` show of contact points: each point with its secret's
// state and its recent deliveries from the durable outbox. Secrets never appear here.

/** Standard Webhooks event types; the same names label every point's messages. */
export const contactMessageTypeSchema = z.enum([
  'incident.opened',
  'incident.closed',
  'incident.reminder',
  'storm.opened',
  'storm.closed',
  'test',
]);
export type ContactMessageType = z.infer<typeof contactMessageTypeSchema>;

export const deliveryStateSchema = z.enum(['pending', 'retrying', 'sent', 'failed']);
export type DeliveryState = z.infer<typeof deliveryStateSchema>;

export const deliveryViewSchema = z.object({
  /** The outbox id, also the message's `webhook-id` (and PagerDuty dedup key base). */
  id: z.string(),
  pointId: z.string(),
  type: contactMessageTypeSchema,
  /** The message's title in the operator's language, for lists. */
  title: z.string(),
  state: deliveryStateSchema,
  attempts: z.number().int().nonnegative(),
  createdAt: z.number().int(),
  /** When the next attempt is due (pending, retrying). */
  nextAttemptAt: z.number().int().nullable(),
  sentAt: z.number().int().nullable(),
  /** HTTP status or SMTP reply code of the last attempt. */
  lastStatus: z.number().int().nullable(),
  /** Why the last attempt failed, as the service said it (never a secret). */
  lastError: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof deliveryViewSchema>;

export const contactPointViewSchema = z.object({
  point: contactPointSchema,
  /** Whether `<id>:notify` holds a secret; null when the keychain cannot be read. */
  secretSet: z.boolean().nullable(),
  /** Whether this type needs a secret to deliver at all (ntfy and alertmanager work without). */
  secretRequired: z.boolean(),
  pending: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  lastDelivery: deliveryViewSchema.nullable(),
});
export type ContactPointView = z.infer<typeof contactPointViewSchema>;

export const contactTestResultSchema = z.object({
  ok: z.boolean(),
  /** HTTP status or SMTP reply code; null when no answer came (network error, timeout). */
  status: z.number().int().nullable(),
  /** The service's answer, as it said it (truncated). */
  answer: z.string(),
  error: z.string().nullable(),
});
export type ContactTestResult = z.infer<typeof contactTestResultSchema>;
