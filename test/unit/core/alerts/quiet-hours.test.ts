import { describe, expect, it } from 'vitest';
import { parseAlertPolicy, quietHoursSchema } from '../../../../shared/alert-policy.ts';
import { createQuietHours } from '../../../../electron/core/alerts/quiet-hours.ts';

const at = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
  it('runs past midnight in a fixed offset, start included and end excluded', () => {
    const quiet = createQuietHours(
      quietHoursSchema.parse({ start: '22:00', end: '07:00', utcOffsetMinutes: 480 }),
    );
    // UTC+8: 22:00 local is 14:00 UTC, 07:00 local is 23:00 UTC.
    expect(quiet.isQuiet(at('2025-01-06T13:59:00Z'))).toBe(false);
    expect(quiet.isQuiet(at('2025-01-06T14:00:00Z'))).toBe(true);
    expect(quiet.isQuiet(at('2025-01-06T22:59:59Z'))).toBe(true);
    expect(quiet.isQuiet(at('2025-01-06T23:00:00Z'))).toBe(false);
    expect(quiet.msUntilEnd(at('2025-01-06T14:00:30Z'))).toBe(9 * 3_600_000 - 30_000);
  });

  it('reads an IANA zone through Intl, daylight saving included', () => {
    const quiet = createQuietHours(
      quietHoursSchema.parse({ start: '01:00', end: '06:00', timeZone: 'Europe/Berlin' }),
    );
    // Winter: UTC+1, so 01:00 Berlin is 00:00 UTC. Summer: UTC+2, so 23:00 UTC the day before.
    expect(quiet.isQuiet(at('2025-01-06T00:00:00Z'))).toBe(true);
    expect(quiet.isQuiet(at('2025-01-05T23:30:00Z'))).toBe(false);
    expect(quiet.isQuiet(at('2025-07-06T23:30:00Z'))).toBe(true);
    expect(quiet.msUntilEnd(at('2025-07-06T23:30:00Z'))).toBe(4.5 * 3_600_000);
  });

  it('works inside one day', () => {
    const quiet = createQuietHours(
      quietHoursSchema.parse({ start: '12:00', end: '13:30', utcOffsetMinutes: 0 }),
    );
    expect(quiet.isQuiet(at('2025-01-06T12:45:00Z'))).toBe(true);
    expect(quiet.isQuiet(at('2025-01-06T13:30:00Z'))).toBe(false);
    expect(quiet.isQuiet(at('2025-01-06T11:59:00Z'))).toBe(false);
  });
});

describe('alert policy', () => {
  it('has the defaults an operator would pick', () => {
    const policy = parseAlertPolicy({});
    expect(policy).toMatchObject({
      holdSeconds: 2,
      storm: { moreThan: 3, windowSeconds: 10, sampleSize: 3 },
      flapping: { moreThan: 4, windowMinutes: 10, stableMinutes: 5 },
      quietHours: null,
    });
  });

  it('names every bad field under `alerts`', () => {
    expect(() =>
      parseAlertPolicy({
        storm: { moreThan: 0 },
        quietHours: { start: '25:00', end: '07:00', timeZone: 'Mars/Olympus' },
        loud: true,
      }),
    ).toThrow(
      /alerts\.storm\.moreThan: must be at least 1[\s\S]*alerts\.quietHours\.start: expected a 24-hour time[\s\S]*alerts\.quietHours\.timeZone: expected an IANA time zone[\s\S]*alerts\.loud: unknown field/,
    );
    expect(() => parseAlertPolicy({ quietHours: { start: '07:00', end: '07:00' } })).toThrow(
      /alerts\.quietHours\.end: start and end must differ/,
    );
  });
});
