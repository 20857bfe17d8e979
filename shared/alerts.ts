import { z } from 'zod';

// Alert events: one thing that happened (a webhook delivery, a derived observation). The listener and
// the poller's detectors both produce them; the alert engine is their one consumer (DESIGN.md section 8).

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

// The engine and the incident store ask for the same event's key several times in a row (is one open?
// open one, count its changes): the last key is kept, so they share one string instead of building three.
// The `source, kind` prefix is kept too, so a storm's keys share it rather than each carrying a copy.
let lastKey = { sourceId: '', kind: '', name: '', key: '\u0000\u0000' };
let lastPrefix = { sourceId: '', kind: '', prefix: '\u0000\u0000' };

/** The identity of a subject across events, for matching an online to its offline. */
export function subjectKey(sourceId: string, subject: AlertSubject): string {
  const { kind, name } = subject;
  if (lastKey.sourceId === sourceId && lastKey.kind === kind && lastKey.name === name) return lastKey.key;
  if (lastPrefix.sourceId !== sourceId || lastPrefix.kind !== kind)
    lastPrefix = { sourceId, kind, prefix: `${sourceId}\u0000${kind}\u0000` };
  const key = lastPrefix.prefix + name;
  lastKey = { sourceId, kind, name, key };
  return key;
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
