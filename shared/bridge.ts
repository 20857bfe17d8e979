import { z } from 'zod';
import { alertPolicySchema } from './alert-policy.ts';
import { alertEventSchema, incidentSchema } from './alerts.ts';
import { localeSettingSchema, sourceConfigSchema, themeSchema } from './config.ts';
import { dailyReportRequestSchema, dailyReportSchema } from './daily-report.ts';
import { detectorConfigSchema } from './detector-config.ts';
import {
  providerKindSchema,
  sourceCheckSchema,
  sourceErrorSchema,
  streamLiveSchema,
  totalsSchema,
} from './domain.ts';
import { storageStateSchema } from './storage.ts';
import {
  providerFillSchema,
  streamCatalogRequestSchema,
  streamCatalogResponseSchema,
  streamDetailRequestSchema,
} from './stream-catalog.ts';
import { muteEntrySchema, muteTargetSchema, noticeSchema, severitySchema } from './notices.ts';
import { contactPointSchema } from './contact-points.ts';
import { contactPointViewSchema, contactTestResultSchema, deliveryViewSchema } from './notify-status.ts';

// The Bridge API: the one contract between the core and every view of it. The Electron preload and IPC
// handlers, the HTTP + SSE server of `streamtray serve` and the renderer's client are all generic over
// this object, so a payload that does not match does not compile, and every byte crossing a process
// boundary is validated against the same schema on arrival.
//
// Transports: HTTP `POST /api/<name>` with the request as JSON body, answered with the response as JSON
// (errors: `{ "error": { "kind", "message" } }` with 4xx/5xx); SSE `GET /api/events`, one `event: <name>`
// per event. IPC: `ipcRenderer.invoke('bridge:<name>', request)`, events on the `bridge:event` channel.

// ── Snapshot: everything the dashboard and the tray glance show right now ─────────────────────────

export const sourceStateSchema = z.enum(['scheduled', 'polling', 'backoff', 'held', 'paused', 'stopped']);

/** The tray's one-word summary, worst first: it picks the icon. */
export const glanceStateSchema = z.enum(['critical', 'warning', 'stale', 'paused', 'ok', 'idle']);
export type GlanceState = z.infer<typeof glanceStateSchema>;

export const callBudgetSchema = z.object({
  /** Calls allowed per UTC day. */
  limit: z.number().int().positive(),
  /** The poll interval in force. */
  intervalMs: z.number().int().positive(),
  /** True while the interval is stretched beyond the configured one to end the day under the limit. */
  stretched: z.boolean(),
});
export type CallBudget = z.infer<typeof callBudgetSchema>;

export const sourceSnapshotSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: providerKindSchema,
  state: sourceStateSchema,
  viewers: z.number().int().nonnegative().nullable(),
  bandwidthBps: z.number().nonnegative().nullable(),
  streams: z.array(streamLiveSchema),
  /** When the shown values were fetched, UTC epoch ms; null before the first success. */
  lastSuccessAt: z.number().int().nullable(),
  lastError: sourceErrorSchema.nullable(),
  lastErrorAt: z.number().int().nullable(),
  /** How old the shown values are; null when there are none. */
  staleMs: z.number().int().nonnegative().nullable(),
  /** Stale beyond twice the poll interval: the dashboard greys it and the glance says so. */
  stale: z.boolean(),
  /** Provider API calls made today (UTC) for the source's account, by every process on this data dir. */
  callsToday: z.number().int().nonnegative(),
  /** The account's daily call budget, where the provider has one (WMSPanel); absent otherwise. */
  callBudget: callBudgetSchema.optional(),
});
export type SourceSnapshot = z.infer<typeof sourceSnapshotSchema>;

export const glanceSchema = z.object({
  viewers: z.number().int().nonnegative().nullable(),
  bandwidthBps: z.number().nonnegative().nullable(),
  state: glanceStateSchema,
  openIncidents: z.number().int().nonnegative(),
});
export type Glance = z.infer<typeof glanceSchema>;

export const snapshotSchema = z.object({
  at: z.number().int(),
  paused: z.boolean(),
  sources: z.array(sourceSnapshotSchema),
  total: totalsSchema,
  /** The most severe, then newest, open incidents: at most MAX_SNAPSHOT_INCIDENTS (page the rest with `incidents`). */
  openIncidents: z.array(incidentSchema),
  /** How many incidents are open in all; more than `openIncidents.length` when the list was cut. */
  openIncidentsTotal: z.number().int().nonnegative().optional(),
  storage: storageStateSchema,
  glance: glanceSchema,
});
/** A snapshot is sent to every client on every change, so it carries a bounded list of open incidents. */
export const MAX_SNAPSHOT_INCIDENTS = 200;
export type Snapshot = z.infer<typeof snapshotSchema>;

// ── History ────────────────────────────────────────────────────────────────────────────────────

export const MAX_POINTS = 2_000;

export const seriesRequestSchema = z.object({
  sourceId: z.string(),
  /** Streams to chart; omitted: the source's total only. */
  streams: z.array(z.string()).max(200).optional(),
  fromMs: z.number().int(),
  toMs: z.number().int(),
  /** At most this many points per series (the server downsamples). */
  maxPoints: z.number().int().min(2).max(MAX_POINTS).default(500),
});

/** One line of a chart as parallel arrays (compact over IPC and HTTP, and what Chart.js wants). */
export const seriesSchema = z.object({
  sourceId: z.string(),
  /** null: the source's total. */
  stream: z.string().nullable(),
  resolutionMs: z.number().int().positive(),
  t: z.array(z.number().int()),
  viewers: z.array(z.number().nullable()),
  bandwidthBps: z.array(z.number().nullable()),
});
export type Series = z.infer<typeof seriesSchema>;

// ── Sources and settings (secrets are write-only: the API only says whether one is set) ──────────

export const secretKindSchema = z.enum(['api', 'webhook']);

export const sourceViewSchema = z.object({
  source: sourceConfigSchema,
  apiSecretSet: z.boolean(),
  webhookTokenSet: z.boolean(),
  /**
   * `unknown`: the OS keychain could not be read, so apiSecretSet and webhookTokenSet say nothing (the
   * `sources` answer's keychainProblem says why). Absent means `known`.
   */
  secretState: z.enum(['known', 'unknown']).optional(),
  /**
   * Secrets this save removed because the source now points at another address, provider or account:
   * the form must ask for them again. `secretMessage` says so in words.
   */
  secretsDropped: z.array(secretKindSchema).optional(),
  secretMessage: z.string().optional(),
  /** Where WMSPanel should post, for the operator to paste; null for other providers. */
  webhookPath: z.string().nullable(),
});
export type SourceView = z.infer<typeof sourceViewSchema>;

// ── Contact points (their secret is write-only too: the answers only say whether one is set) ──────

export const contactPointsResponseSchema = z.object({
  points: z.array(contactPointViewSchema),
  /** Set when the OS keychain could not be read: whether secrets are set is unknown for every point. */
  keychainProblem: z.string().optional(),
});

export const saveContactPointResponseSchema = z.object({
  view: contactPointViewSchema,
  /** The stored secret was removed: the point now sends elsewhere, so it must be entered again. */
  secretDropped: z.boolean(),
  /** What happened to the secret, in words (dropped, or overridden by an environment variable). */
  secretMessage: z.string().optional(),
});
export type SaveContactPointResponse = z.infer<typeof saveContactPointResponseSchema>;

export const MAX_DELIVERIES = 200;


export const settingsSchema = z.object({
  pollIntervalSeconds: z.number().int().min(5).max(86_400),
  requestTimeoutSeconds: z.number().positive().max(300),
  locale: localeSettingSchema,
  theme: themeSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

// ── Incidents: a paged list and one incident with everything behind it ───────────────────────────

/** Largest page of the incidents list. */
export const MAX_INCIDENT_PAGE = 500;

export const incidentPageRequestSchema = z.object({
  open: z.boolean().optional(),
  sinceMs: z.number().int().optional(),
  /** Page size; omitted: every matching incident. */
  limit: z.number().int().min(1).max(MAX_INCIDENT_PAGE).optional(),
  /** `nextCursor` of the previous page. */
  cursor: z.string().max(64).optional(),
});

export const incidentPageSchema = z.object({
  /** Open ones first (newest first), then closed ones by close time, newest first. */
  incidents: z.array(incidentSchema),
  /** Where the next page starts; null on the last page. */
  nextCursor: z.string().nullable(),
  /** How many match the filter in all, over every page. */
  counts: z.object({ open: z.number().int().nonnegative(), closed: z.number().int().nonnegative() }),
});
export type IncidentPage = z.infer<typeof incidentPageSchema>;

export const incidentDetailSchema = z.object({
  incident: incidentSchema,
  severity: severitySchema,
  /** The alert-log rows behind it, oldest first. */
  events: z.array(alertEventSchema),
  /** Viewers watching when it went down, where the provider said; null when unknown. */
  audience: z.number().int().nonnegative().nullable(),
  /** audience × minutes down (so far, while open); null when the audience is unknown. */
  viewerMinutesLost: z.number().nonnegative().nullable(),
  /** The subject keeps changing state, so its notices are held back. */
  flapping: z.boolean(),
});
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

// ── Alert rules: the config's `alerts` and `detectors` sections ─────────────────────────────────

export const alertSettingsSchema = z.object({ alerts: alertPolicySchema, detectors: detectorConfigSchema });
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

const empty = z.object({});
const ok = z.object({ ok: z.literal(true) });

// ── The contract ─────────────────────────────────────────────────────────────────────────────────

export const bridgeQueries = {
  snapshot: { request: empty, response: snapshotSchema },
  series: { request: seriesRequestSchema, response: z.object({ series: z.array(seriesSchema) }) },
  /** Daily rows of one source or `all`, sorted by date then source; failed sources carry their error. */
  dailyReport: { request: dailyReportRequestSchema, response: dailyReportSchema },
  incidents: { request: incidentPageRequestSchema, response: incidentPageSchema },
  /** One incident for its own page (`#/incidents/<id>`); null when there is no such incident. */
  incident: {
    request: z.object({ id: z.number().int().positive() }),
    response: z.object({ detail: incidentDetailSchema.nullable() }),
  },
  /** The alert log (named apart from the `/api/events` stream). */
  alertEvents: {
    request: z.object({
      sinceMs: z.number().int().optional(),
      limit: z.number().int().min(1).max(5_000).default(500),
    }),
    response: z.object({ events: z.array(alertEventSchema) }),
  },
  sources: {
    request: empty,
    response: z.object({
      sources: z.array(sourceViewSchema),
      /** Set when the OS keychain could not be read: one message for the whole list. */
      keychainProblem: z.string().optional(),
    }),
  },
  settings: { request: empty, response: settingsSchema },
  mutes: { request: empty, response: z.object({ mutes: z.array(muteEntrySchema) }) },
  /** Every stream the app knows, on air or not (see shared/stream-catalog.ts). */
  streamCatalog: { request: streamCatalogRequestSchema, response: streamCatalogResponseSchema },
  /** One stream's viewers and bandwidth over a range, its incidents, and what the provider filled in. */
  streamDetail: {
    request: streamDetailRequestSchema,
    response: z.object({
      series: seriesSchema,
      incidents: z.array(incidentSchema),
      providerFill: providerFillSchema.nullable(),
    }),
  },
  alertSettings: { request: empty, response: alertSettingsSchema },
  contactPoints: { request: empty, response: contactPointsResponseSchema },
  /** A point's newest deliveries from the outbox: sent, retrying (with the next attempt) or failed (why). */
  contactPointDeliveries: {
    request: z.object({ pointId: z.string(), limit: z.number().int().min(1).max(MAX_DELIVERIES).default(20) }),
    response: z.object({ deliveries: z.array(deliveryViewSchema) }),
  },
} as const;

export const bridgeCommands = {
  acknowledge: {
    request: z.object({ incidentId: z.number().int().positive() }),
    response: z.object({ incident: incidentSchema.nullable() }),
  },
  closeIncident: {
    request: z.object({ incidentId: z.number().int().positive() }),
    response: z.object({ incident: incidentSchema.nullable() }),
  },
  mute: {
    request: z.object({ target: muteTargetSchema, untilMs: z.number().int().nullable() }),
    response: z.object({ mutes: z.array(muteEntrySchema) }),
  },
  unmute: { request: z.object({ target: muteTargetSchema }), response: z.object({ mutes: z.array(muteEntrySchema) }) },
  /** Adds or replaces a source; secrets given here go to the keychain, never into the config. */
  saveSource: {
    request: z.object({
      source: sourceConfigSchema,
      apiSecret: z.string().min(1).optional(),
      webhookToken: z.string().min(1).optional(),
    }),
    response: sourceViewSchema,
  },
  deleteSource: { request: z.object({ id: z.string() }), response: ok },
  /** Polls one source now and says how it went, without waiting for the schedule. */
  testSource: { request: z.object({ id: z.string() }), response: sourceCheckSchema },
  saveSettings: { request: settingsSchema.partial(), response: settingsSchema },
  /** Replaces the config's `alerts` and/or `detectors` section; applied at once. */
  saveAlertSettings: { request: alertSettingsSchema.partial(), response: alertSettingsSchema },
  /** The operator's global pause (and the shell's suspend/resume). */
  setPaused: { request: z.object({ paused: z.boolean() }), response: z.object({ paused: z.boolean() }) },
  refresh: { request: z.object({ sourceId: z.string().optional() }), response: ok },
  /**
   * Adds or replaces a contact point; its secret goes to the keychain, never into the config. A change of
   * type, url, baseUrl or SMTP host drops the stored secret unless `secret` gives it again.
   */
  saveContactPoint: {
    request: z.object({ point: contactPointSchema, secret: z.string().min(1).optional() }),
    response: saveContactPointResponseSchema,
  },
  deleteContactPoint: { request: z.object({ id: z.string() }), response: ok },
  /** Sends a test message now and returns the service's answer as it said it. */
  testContactPoint: { request: z.object({ id: z.string() }), response: contactTestResultSchema },
} as const;

export const bridgeEvents = {
  snapshot: snapshotSchema,
  notice: noticeSchema,
  incident: incidentSchema,
} as const;

export type BridgeQueries = typeof bridgeQueries;
export type BridgeCommands = typeof bridgeCommands;
export type BridgeMethods = BridgeQueries & BridgeCommands;
export type BridgeMethodName = keyof BridgeMethods;
export type BridgeEventName = keyof typeof bridgeEvents;

export const bridgeMethods: BridgeMethods = { ...bridgeQueries, ...bridgeCommands };
export const BRIDGE_METHOD_NAMES = Object.keys(bridgeMethods) as BridgeMethodName[];

export type BridgeRequest<N extends BridgeMethodName> = z.input<BridgeMethods[N]['request']>;
export type BridgeResponse<N extends BridgeMethodName> = z.output<BridgeMethods[N]['response']>;
export type BridgeEvent<E extends BridgeEventName> = z.output<(typeof bridgeEvents)[E]>;

/** The API as the renderer sees it, derived from the contract: one async function per method. */
export type BridgeApi = {
  [N in BridgeMethodName]: (request: BridgeRequest<N>) => Promise<BridgeResponse<N>>;
};

/** What the core implements: requests arrive already validated (defaults applied). */
export type BridgeHandlers = {
  [N in BridgeMethodName]: (
    request: z.output<BridgeMethods[N]['request']>,
  ) => Promise<BridgeResponse<N>> | BridgeResponse<N>;
};

export type BridgeEventListener = <E extends BridgeEventName>(name: E, payload: BridgeEvent<E>) => void;

export function isBridgeMethod(name: string): name is BridgeMethodName {
  return Object.hasOwn(bridgeMethods, name);
}

/** The error body of a failed call, on every transport. */
export const bridgeErrorSchema = z.object({
  error: z.object({ kind: z.string(), message: z.string() }),
});
