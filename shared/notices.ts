import { z } from 'zod';
import { alertStatusSchema, alertSubjectSchema } from './alerts.ts';
import { storageProblemSchema, storageStoreSchema } from './storage.ts';

// What the alert engine tells the operator, as data (docs/alerts.md): a kind plus its parameters.
// The shell, the dashboard, the CLI and contact points word it at the edge with describeNotice
// (shared/i18n/describe-notice.ts), in the operator's language. Notices cross IPC and HTTP, so they
// have schemas.

export const severitySchema = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof severitySchema>;

/** What several incidents have in common, for "37 streams offline" versus "37 incidents". */
export const subjectKindsSchema = z.enum(['stream', 'server', 'source', 'mixed']);
export type SubjectKinds = z.infer<typeof subjectKindsSchema>;

const count = z.number().int().nonnegative();
const duration = z.number().nonnegative();
/** Subject names, at most the policy's sample size, for "edge-eu, edge-us, …". */
const sample = z.array(z.string());

export const noticeMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('incident-opened'),
    sourceId: z.string(),
    subject: alertSubjectSchema,
    /** Audience when it went down, where known. */
    viewers: count.nullable(),
    checkpoints: z.array(z.string()),
    /** Derived events: `vanished`, `viewer-cliff`, `bandwidth-cap`, `unreachable`, `auth`. */
    reason: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('incident-resolved'),
    sourceId: z.string(),
    subject: alertSubjectSchema,
    downtimeMs: duration,
  }),
  z.object({
    kind: z.literal('storm-opened'),
    sourceId: z.string(),
    subjectKinds: subjectKindsSchema,
    count: count,
    sample,
  }),
  z.object({
    /** More incidents joined a storm already announced. */
    kind: z.literal('storm-grew'),
    sourceId: z.string(),
    subjectKinds: subjectKindsSchema,
    /** Still down now, the storm as a whole. */
    count: count,
    added: count,
    sample,
  }),
  z.object({
    kind: z.literal('storm-resolved'),
    sourceId: z.string(),
    subjectKinds: subjectKindsSchema,
    count: count,
    /** Storm members still down after these recoveries. */
    stillDown: count,
    longestDowntimeMs: duration,
    sample,
  }),
  z.object({
    kind: z.literal('flapping'),
    sourceId: z.string(),
    subject: alertSubjectSchema,
    toggles: count,
    windowMs: duration,
  }),
  z.object({
    kind: z.literal('flapping-ended'),
    sourceId: z.string(),
    subject: alertSubjectSchema,
    /** Where it settled. */
    status: alertStatusSchema,
    stableMs: duration,
  }),
  z.object({
    kind: z.literal('quiet-hours-summary'),
    fromMs: z.number().int(),
    toMs: z.number().int(),
    opened: count,
    resolved: count,
    stillDown: count,
    flapping: count,
    sources: z.array(z.string()),
    /** Names of what is still down. */
    sample,
  }),
  z.object({
    /** A local file stopped taking writes: alert deliveries are refused (503) or chart samples dropped. */
    kind: z.literal('storage-fault'),
    problem: storageProblemSchema,
    store: storageStoreSchema,
    file: z.string(),
  }),
  z.object({
    kind: z.literal('storage-recovered'),
    store: storageStoreSchema,
    file: z.string(),
    /** Chart samples lost while it was failing. */
    droppedHistoryWrites: count,
  }),
]);
export type NoticeMessage = z.infer<typeof noticeMessageSchema>;
export type NoticeKind = NoticeMessage['kind'];

export const NOTICE_KINDS = noticeMessageSchema.options.map((option) => option.shape.kind.value);

export const noticeSchema = z.object({
  message: noticeMessageSchema,
  severity: severitySchema,
  /** Incidents the notice is about: one, or every member of a storm or summary. */
  incidentIds: z.array(z.number().int().positive()),
  /** True when the notice stands in for several state changes (storms, flapping, summaries). */
  coalesced: z.boolean(),
  /** When the engine sent it, UTC epoch ms. */
  at: z.number().int(),
});
export type Notice = z.infer<typeof noticeSchema>;

/** Implemented by the Electron shell, the dashboard's event stream and the tests. */
export interface Notifier {
  notify(notice: Notice): void;
}

/** What a mute silences: a whole source, one server or one stream on it. */
export const muteTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('source'), sourceId: z.string().min(1) }),
  z.object({ kind: z.literal('server'), sourceId: z.string().min(1), name: z.string().min(1) }),
  z.object({ kind: z.literal('stream'), sourceId: z.string().min(1), name: z.string().min(1) }),
]);
export type MuteTarget = z.infer<typeof muteTargetSchema>;

export const muteEntrySchema = z.object({
  target: muteTargetSchema,
  /** UTC epoch ms when the mute lapses; null until unmuted. */
  untilMs: z.number().int().nullable(),
});
export type MuteEntry = z.infer<typeof muteEntrySchema>;

export const LOCALES = ['en', 'zh-CN'] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;
