import { z } from 'zod';
import { alertSubjectSchema } from '../../../shared/alerts.ts';
import { localeSchema, severitySchema } from '../../../shared/notices.ts';
import { contactMessageTypeSchema } from '../../../shared/notify-status.ts';

// One message to one contact point, as the outbox stores it: everything a sender needs, already worded in
// the operator's language when it was committed, so a retry after a restart sends the very same message.
// Stored as JSON in SQLite, so it is validated again when read back (docs/contact-points.md).

export const contactMessageSchema = z.object({
  /** Stable across retries and restarts: the Standard Webhooks `webhook-id`. */
  id: z.string().min(1),
  type: contactMessageTypeSchema,
  /** When the notice was turned into this message, UTC epoch ms. */
  createdAt: z.number().int(),
  severity: severitySchema,
  /**
   * What services that pair a trigger with its resolve (PagerDuty `dedup_key`, Alertmanager labels) know
   * this alert by: `streamtray/incident/<id>` or `streamtray/storm/<sourceId>`; null for tests and summaries.
   */
  alertKey: z.string().nullable(),
  /** The severity the alert opened with: Alertmanager's labels must not change while it is open. */
  alertSeverity: severitySchema,
  /** Whether this message ends the alert named by `alertKey`. */
  resolves: z.boolean(),
  incidentId: z.number().int().positive().nullable(),
  source: z.object({ id: z.string(), name: z.string(), provider: z.string().nullable() }).nullable(),
  subject: alertSubjectSchema.nullable(),
  title: z.string(),
  body: z.string(),
  /** More lines for people: since when, audience, checkpoints, downtime, viewer-minutes lost. */
  details: z.array(z.string()),
  /** The incident in the dashboard, when `dashboard.publicUrl` is set. */
  link: z.string().nullable(),
  openedAt: z.number().int().nullable(),
  closedAt: z.number().int().nullable(),
  downtimeSeconds: z.number().nonnegative().nullable(),
  viewersAffected: z.number().int().nonnegative().nullable(),
  checkpoints: z.array(z.string()),
  locale: localeSchema,
});
export type ContactMessage = z.infer<typeof contactMessageSchema>;

/** Title, body, details and link as plain text lines, for chat services and e-mail. */
export function plainText(message: ContactMessage): string {
  return [message.body, ...message.details, ...(message.link ? [message.link] : [])].join('\n');
}
