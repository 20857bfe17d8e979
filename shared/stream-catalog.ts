import { z } from 'zod';
import { providerKindSchema } from './domain.ts';

// Every stream the app knows, whether it is on air now or not: the live lists of the last polls, the
// streams polling saw before (history), WMSPanel streams reported by Dispersa push alerts, and streams
// with an open incident. The Streams view lists them; a row opens one stream's history.

/**
 * `live`: on air in the latest poll (or, for push-only streams, the last alert said online);
 * `offline`: not on air since `offlineSince`; `stale`: its source's latest poll is too old to say.
 */
export const STREAM_STATES = ['live', 'offline', 'stale'] as const;
export const streamStateSchema = z.enum(STREAM_STATES);
export type StreamState = z.infer<typeof streamStateSchema>;

export const STREAM_ORIGINS = ['poll', 'history', 'webhook', 'incident'] as const;
export const streamOriginSchema = z.enum(STREAM_ORIGINS);
export type StreamOrigin = z.infer<typeof streamOriginSchema>;

export const streamEntrySchema = z.object({
  sourceId: z.string(),
  sourceName: z.string(),
  provider: providerKindSchema,
  /** As the provider names it (WMSPanel alerts send the stream's full URL). */
  name: z.string(),
  state: streamStateSchema,
  /** Live figures from the latest poll; null when off air or when the provider does not report them. */
  viewers: z.number().int().nonnegative().nullable(),
  bandwidthBps: z.number().nonnegative().nullable(),
  /** Last time it was seen on air, UTC epoch ms; null when never (an alert of a stream never polled). */
  lastSeenAt: z.number().int().nullable(),
  /** Offline: since when, UTC epoch ms (the offline alert, the incident's opening or the last sighting). */
  offlineSince: z.number().int().nullable(),
  openIncidentId: z.number().int().positive().nullable(),
  knownFrom: z.array(streamOriginSchema),
});
export type StreamEntry = z.infer<typeof streamEntrySchema>;

export const streamCatalogRequestSchema = z.object({
  /** Streams last seen before this are left out (default: everything history still keeps). */
  sinceMs: z.number().int().optional(),
});

export const streamCatalogResponseSchema = z.object({ streams: z.array(streamEntrySchema) });

export const streamDetailRequestSchema = z.object({
  sourceId: z.string().min(1),
  stream: z.string(),
  fromMs: z.number().int(),
  toMs: z.number().int(),
  maxPoints: z.number().int().min(2).max(2_000).default(600),
});

/** What the provider's own per-stream history added to this answer (Qiniu only). */
export const providerFillSchema = z.object({
  /** 5-minute periods filled from the provider in this call. */
  filled: z.number().int().nonnegative(),
  /** Periods polling did not see that are still to ask for (they are asked on the next opening). */
  remaining: z.number().int().nonnegative(),
  /** Why filling stopped early, in words for the operator; null when it did not. */
  error: z.string().nullable(),
});
export type ProviderFill = z.infer<typeof providerFillSchema>;
