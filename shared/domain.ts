import { z } from 'zod';

export const PROVIDER_KINDS = ['wmspanel', 'scaleengine', 'qiniu'] as const;
export const providerKindSchema = z.enum(PROVIDER_KINDS);
export type ProviderKind = z.infer<typeof providerKindSchema>;

/**
 * Why a source failed. `upstream` is the provider's 5xx or 429 (try later); `provider` is the provider
 * answering with its own failure status; `config` is something only the operator can fix in the config.
 */
export const ERROR_KINDS = [
  'auth',
  'network',
  'timeout',
  'upstream',
  'invalid-response',
  'provider',
  'config',
] as const;
export const errorKindSchema = z.enum(ERROR_KINDS);
export type ErrorKind = z.infer<typeof errorKindSchema>;

export const sourceErrorSchema = z.object({ kind: errorKindSchema, message: z.string() });
export type SourceError = z.infer<typeof sourceErrorSchema>;

/** Viewers are counts, bandwidth is bits per second; `null` where the provider has no such value. */
export const streamLiveSchema = z.object({
  name: z.string(),
  viewers: z.number().int().nonnegative().nullable(),
  bandwidthBps: z.number().nonnegative().nullable(),
});
export type StreamLive = z.infer<typeof streamLiveSchema>;

/** One poll of one source: totals, every stream, and the UTC epoch ms the values describe. */
export const liveReadingSchema = z.object({
  at: z.number().int(),
  viewers: z.number().int().nonnegative().nullable(),
  bandwidthBps: z.number().nonnegative().nullable(),
  streams: z.array(streamLiveSchema),
});
export type LiveReading = z.infer<typeof liveReadingSchema>;

export const totalsSchema = z.object({
  viewers: z.number().int().nonnegative().nullable(),
  bandwidthBps: z.number().nonnegative().nullable(),
});
export type Totals = z.infer<typeof totalsSchema>;

/** `streamtray check --json`, one source (docs/cli.md). */
export const sourceCheckSchema = z.union([
  z.object({
    id: z.string(),
    provider: providerKindSchema,
    ok: z.literal(true),
    error: z.null(),
    viewers: z.number().int().nonnegative().nullable(),
    bandwidthBps: z.number().nonnegative().nullable(),
    /** Provider API calls made today (UTC) for the source's account from this data dir, this check's included. */
    callsToday: z.number().int().nonnegative(),
    streams: z.array(streamLiveSchema),
  }),
  z.object({
    id: z.string(),
    provider: providerKindSchema,
    ok: z.literal(false),
    callsToday: z.number().int().nonnegative(),
    error: sourceErrorSchema,
  }),
]);
export type SourceCheck = z.infer<typeof sourceCheckSchema>;

export const checkReportSchema = z.object({ sources: z.array(sourceCheckSchema), total: totalsSchema });
export type CheckReport = z.infer<typeof checkReportSchema>;

/** Adds up values that may be missing: the sum of what is known, or `null` when nothing is. */
export function sumKnown(values: Iterable<number | null>): number | null {
  let total: number | null = null;
  for (const value of values) if (value !== null) total = (total ?? 0) + value;
  return total;
}
