import { z } from 'zod';

// Alert events: one thing that happened (a webhook delivery, a derived observation). The listener and
// the poller's detectors both produce them; the alert engine is their one consumer (docs/alerts.md).

export const alertSubjectSchema = z.discriminatedUnion('kind', [
  /** A stream, named as the provider names it (WMSPanel sends its full URL). */
  z.object({ kind: z.literal('stream'), name: z.string().min(1) }),
  /** A media server, e.g. `edge1.example.com`. */
  z.object({ kind: z.literal('server'), name: z.string().min(1) }),
  /** The source itself: unreachable, or its credentials rejected (derived by the poller). */
  z.object({ kind: z.literal('source'), name: z.string().min(1) }),
]);
export type AlertSubject = z.infer<typeof alertSubjectSchema>;

export const alertStatusSchema = z.enum(['offline', 'online']);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

/** Why the poller's detectors raised an event; each has words in every locale (shared/i18n). */
export const DERIVED_REASONS = [
  'vanished',
  'zero-viewers',
  'viewer-cliff',
  'bandwidth-cap',
  'unreachable',
  'auth',
  'config',
  'stream-online',
] as const;
export type DerivedReason = (typeof DERIVED_REASONS)[number];

export const alertEventSchema = z.object({
  /** Row id in the alert log. */
  id: z.number().int().positive(),
  sourceId: z.string(),
  subject: alertSubjectSchema,
  status: alertStatusSchema,
  /** When it happened, UTC epoch ms (the provider's `time`). */
  occurredAt: z.number().int(),
  /** When Streamtray accepted it, UTC epoch ms. */
  receivedAt: z.number().int(),
  origin: z.enum(['webhook', 'derived']),
  /** Dispersa checkpoints that failed the check (empty for server and derived events). */
  checkpoints: z.array(z.string()),
  /** Derived events: why (`vanished`, `viewer-cliff`, `bandwidth-cap`, `unreachable`, `auth`). */
  reason: z.string().optional(),
  /** Audience when it happened, where known: weighs severity. */
  viewers: z.number().int().nonnegative().nullable().optional(),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

/** The identity of a subject across events, for matching an online to its offline. */
export function subjectKey(sourceId: string, subject: AlertSubject): string {
  return `${sourceId}\u0000${subject.kind}\u0000${subject.name}`;
}

/** A stream, server or source being down; see electron/core/alerts/incident-store.ts. */
export const incidentSchema = z.object({
  id: z.number().int().positive(),
  sourceId: z.string(),
  subject: alertSubjectSchema,
  openedAt: z.number().int(),
  closedAt: z.number().int().nullable(),
  /** closedAt - openedAt, once closed. */
  downtimeMs: z.number().int().nonnegative().nullable(),
  /** Dispersa checkpoints that failed, union over the incident's offline events. */
  checkpoints: z.array(z.string()),
  acknowledgedAt: z.number().int().nullable(),
  /** Alert log rows behind this incident, oldest first. */
  eventIds: z.array(z.number().int().positive()),
});
export type Incident = z.infer<typeof incidentSchema>;
