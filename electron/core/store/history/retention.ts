import { z } from 'zod';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How long each tier keeps its rows, in milliseconds; `null` keeps them forever. */
export const retentionPolicySchema = z.object({
  rawMs: z
    .number()
    .int()
    .positive()
    .default(48 * HOUR_MS),
  minuteMs: z
    .number()
    .int()
    .positive()
    .default(7 * DAY_MS),
  fiveMinuteMs: z
    .number()
    .int()
    .positive()
    .default(90 * DAY_MS),
  dailyMs: z.number().int().positive().nullable().default(null),
});
export type RetentionPolicy = z.output<typeof retentionPolicySchema>;

export interface Tier {
  /** Table holding the tier's rows. */
  readonly table: 'samples' | 'rollup_1m' | 'rollup_5m' | 'rollup_1d';
  /** Bucket width in seconds; raw samples keep second precision. */
  readonly resSec: number;
  /** Seconds the tier keeps rows; null: forever. */
  readonly keepSec: number | null;
}

/** Finest first. Tier i (i ≥ 1) is rolled up from tier i − 1. */
export function tiersOf(policy: RetentionPolicy): readonly Tier[] {
  const sec = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));
  return [
    { table: 'samples', resSec: 1, keepSec: sec(policy.rawMs) },
    { table: 'rollup_1m', resSec: 60, keepSec: sec(policy.minuteMs) },
    { table: 'rollup_5m', resSec: 300, keepSec: sec(policy.fiveMinuteMs) },
    { table: 'rollup_1d', resSec: 86_400, keepSec: sec(policy.dailyMs) },
  ];
}
