import { z } from 'zod';
import { formatIssues, PARSE_PARAMS } from './schema-errors.ts';

// Thresholds of the derived alerts, under the config's top-level `detectors` key. Every knob has a default,
// so a config without the key gets sensible alerts and a typo is refused naming the field.

export const detectorConfigSchema = z.strictObject({
  /** Polls a Qiniu stream must be missing from the live list before it counts as vanished. */
  vanishedPolls: z.number().int().min(1).max(100).default(1),
  /** Polls a ScaleEngine stream must sit at zero viewers before it counts as down. */
  zeroViewerPolls: z.number().int().min(1).max(100).default(3),
  viewerCliff: z
    .strictObject({
      /** Falls of more than this share of the window's peak. */
      dropPercent: z.number().gt(0).max(100).default(50),
      windowMinutes: z
        .number()
        .positive()
        .max(24 * 60)
        .default(5),
      /** Below this peak audience a fall is noise, not news. */
      minViewers: z.number().int().min(1).default(100),
    })
    .prefault({}),
  /** Source id → bandwidth cap in bits per second. */
  bandwidthCapsBps: z.record(z.string(), z.number().positive()).default({}),
  /** Consecutive failed polls before a source counts as unreachable. */
  unreachableAfterFailures: z.number().int().min(1).max(100).default(3),
});
export type DetectorConfig = z.infer<typeof detectorConfigSchema>;
export type DetectorConfigInput = z.input<typeof detectorConfigSchema>;

/** The `detectors` section of a config document (absent: every default). Throws naming the field. */
export function parseDetectorConfig(input: unknown): DetectorConfig {
  const result = detectorConfigSchema.safeParse(input ?? {}, PARSE_PARAMS);
  if (result.success) return result.data;
  throw new Error(`detectors: ${formatIssues(result.error).join('; ')}`);
}
