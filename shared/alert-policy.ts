import { z } from 'zod';
import { formatIssues, PARSE_PARAMS } from './schema-errors.ts';

// How loud the alert engine is: the config's `alerts` section. Every knob has the default an operator would
// pick; durations are in seconds or minutes, like the rest of the config. Shared, so the settings screen
// validates with the same schema the core applies.

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time such as 22:30');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const quietHoursSchema = z
  .strictObject({
    /** Local time when quiet hours begin, HH:MM. */
    start: clockTime,
    /** Local time when they end; earlier than start means they run past midnight. */
    end: clockTime,
    /** IANA zone such as `Asia/Shanghai`; without it and without utcOffsetMinutes, this machine's zone. */
    timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin').optional(),
    /** A fixed offset from UTC instead of a zone, e.g. 480 for UTC+8. */
    utcOffsetMinutes: z.number().int().min(-840).max(840).optional(),
    /** Critical notices (servers, big audiences) still interrupt. */
    letCriticalThrough: z.boolean().default(false),
  })
  .refine((q) => q.start !== q.end, { message: 'start and end must differ', path: ['end'] })
  .refine((q) => q.timeZone === undefined || q.utcOffsetMinutes === undefined, {
    message: 'give timeZone or utcOffsetMinutes, not both',
    path: ['utcOffsetMinutes'],
  });
export type QuietHoursPolicy = z.infer<typeof quietHoursSchema>;

export const alertPolicySchema = z.strictObject({
  /** How long a new incident's notice waits to see whether a storm is starting. */
  holdSeconds: z.number().min(0).max(60).default(2),
  storm: z
    .strictObject({
      /** More than this many incidents on one source within the window make a storm. */
      moreThan: z.number().int().min(1).default(3),
      windowSeconds: z.number().positive().max(3600).default(10),
      /** While a storm keeps growing, at most one update this often. */
      updateEverySeconds: z.number().positive().max(3600).default(60),
      /** Names shown in a summary. */
      sampleSize: z.number().int().min(1).max(20).default(3),
    })
    .prefault({}),
  flapping: z
    .strictObject({
      /** More than this many state changes within the window mark a subject flapping. */
      moreThan: z.number().int().min(1).default(4),
      windowMinutes: z.number().positive().max(1440).default(10),
      /** Flapping ends after this long without a change. */
      stableMinutes: z.number().positive().max(1440).default(5),
    })
    .prefault({}),
  severity: z
    .strictObject({
      /** A stream lost with at least this many viewers is critical; with none it is info. */
      criticalViewers: z.number().int().min(1).default(1000),
    })
    .prefault({}),
  quietHours: quietHoursSchema.nullable().default(null),
});
export type AlertPolicy = z.infer<typeof alertPolicySchema>;
export type AlertPolicyInput = z.input<typeof alertPolicySchema>;

/** Validates a policy, naming each bad field as `alerts.storm.moreThan: …`. */
export function parseAlertPolicy(input: unknown = {}): AlertPolicy {
  const result = alertPolicySchema.safeParse(input, PARSE_PARAMS);
  if (!result.success)
    throw new Error(`invalid alert policy:\n${formatIssues(result.error, ['alerts']).join('\n')}`);
  return result.data;
}
