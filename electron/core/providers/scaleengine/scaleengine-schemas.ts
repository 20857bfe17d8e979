import { z } from 'zod';
import { parseUtcDateTime } from '../../../../shared/utc-time.ts';

// ScaleEngine's answers, as documented in scaleengine-viewer-log-api.txt. The document types the counts
// as int, but PHP APIs backed by MySQL commonly send numbers as numeric strings, so both are read.

// Preprocessing (rather than a union) keeps zod's messages precise: "required", "expected number, got string".
const count = z.preprocess(
  (value) => (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value),
  z.number().nonnegative(),
);

/** A UTC epoch ms as ScaleEngine writes times (`starttime`, `time`): `YYYY-MM-DD HH:MM:SS`, UTC. */
export function formatScaleEngineTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** UTC epoch ms of a ScaleEngine time string (`YYYY-MM-DD HH:MM:SS`, UTC: the `starttime` rule applies to
 * `time` too), or undefined when it is not one. */
export function parseScaleEngineTime(text: string): number | undefined {
  return parseUtcDateTime(text) ?? undefined;
}

const timeSchema = z.string().transform((text, ctx) => {
  const ms = parseScaleEngineTime(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected a UTC time "YYYY-MM-DD HH:MM:SS"' });
    return z.NEVER;
  }
  return { text, ms };
});

export const viewerLogRowSchema = z
  .object({
    app: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string()),
    video_url: z.string(),
    viewer_count_avg: count,
    viewer_count_min: count,
    viewer_count_max: count,
    viewer_count_sum: count,
    time: timeSchema,
  })
  .transform(({ time, ...row }) => ({ ...row, time: time.text, timeMs: time.ms }));

/** One viewer.log record with the provider's field names, `time` as sent plus `timeMs` (UTC epoch ms). */
export type ViewerLogRow = z.output<typeof viewerLogRowSchema>;

/** PHP may send the code as "0003" or 3; it is kept as the documented four digits. */
const codeSchema = z.preprocess(
  (code) =>
    typeof code === 'number' && Number.isInteger(code) && code >= 0 ? String(code).padStart(4, '0') : code,
  z.string(),
);

/** Every answer: `status` decides whether the rest is data or an error (failures come with HTTP 200). */
export const envelopeSchema = z.object({
  status: z.string(),
  message: z.string().optional(),
  code: codeSchema.optional(),
});

export const viewerLogResponseSchema = z.object({
  status: z.literal('success'),
  message: z.string().optional(),
  // A success without rows may leave `data` out or null; that is "no viewers", not a broken answer.
  data: z
    .array(viewerLogRowSchema)
    .nullish()
    .transform((rows) => rows ?? []),
  // Documented as a float, shown in the example as "0.3795 seconds": either is fine, it is not used.
  handle_time: z.union([z.string(), z.number()]).optional(),
});
