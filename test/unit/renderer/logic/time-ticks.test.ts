import { describe, expect, it } from 'vitest';
import {
  fromLocalInput,
  tickLabel,
  tickStep,
  timeTicks,
  toLocalInput,
  zoneOffsetLabel,
  zoneOffsetMs,
} from '../../../../renderer/logic/time-ticks.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// 2026-12-01 21:24:37 UTC: an odd moment, like the ones ticks used to land on.
const ODD = Date.UTC(2026, 11, 1, 21, 24, 37);

describe('time ticks', () => {
  it('picks 10 min for an hour, 1 h for six hours, 3 h for a day and days for weeks', () => {
    expect(tickStep(HOUR, 8)).toBe(10 * MINUTE);
    expect(tickStep(6 * HOUR, 8)).toBe(HOUR);
    expect(tickStep(24 * HOUR, 8)).toBe(3 * HOUR);
    expect(tickStep(7 * DAY, 8)).toBe(DAY);
    expect(tickStep(30 * DAY, 8)).toBe(7 * DAY);
    expect(tickStep(90 * DAY, 8)).toBe(14 * DAY);
  });

  it('puts every tick of an hour on a round quarter or ten minutes, never on odd minutes', () => {
    const { step, ticks } = timeTicks(ODD - HOUR, ODD, 'UTC', 8);
    expect(step).toBe(10 * MINUTE);
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    for (const tick of ticks) expect(tick % step).toBe(0);
    expect(ticks.every((tick) => tick >= ODD - HOUR && tick <= ODD)).toBe(true);
  });

  it('aligns hours to the operator’s zone, half-hour zones included', () => {
    const kolkata = timeTicks(ODD - 6 * HOUR, ODD, 'Asia/Kolkata', 8).ticks;
    expect(kolkata.length).toBeGreaterThanOrEqual(5);
    for (const tick of kolkata) expect(tick % HOUR).toBe(HOUR / 2);
    const shanghai = timeTicks(ODD - 6 * HOUR, ODD, 'Asia/Shanghai', 8).ticks;
    for (const tick of shanghai) expect(tick % HOUR).toBe(0);
  });

  it('puts day ticks on the zone’s midnight', () => {
    const { ticks } = timeTicks(ODD - 7 * DAY, ODD, 'Asia/Shanghai', 8);
    expect(ticks.length).toBe(7);
    for (const tick of ticks) expect((tick + 8 * HOUR) % DAY).toBe(0);
  });

  it('keeps round local hours across a daylight-saving change', () => {
    // Europe/Berlin leaves summer time on 2026-10-25 at 03:00 local.
    const change = Date.UTC(2026, 9, 25, 1, 0, 0);
    const { ticks } = timeTicks(change - 6 * HOUR, change + 6 * HOUR, 'Europe/Berlin', 12);
    for (const tick of ticks) expect(tickLabel(tick, 2 * HOUR, 'Europe/Berlin', 'en-GB')).toMatch(/(^|, )\d\d:00$/);
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it('labels times in the chosen zone, with the date at midnight and for day steps', () => {
    const midnight = Date.UTC(2026, 11, 1, 16, 0, 0); // 00:00 on 12-02 in Shanghai
    expect(tickLabel(midnight + 3 * HOUR, 3 * HOUR, 'Asia/Shanghai', 'en-GB')).toBe('03:00');
    expect(tickLabel(midnight, 3 * HOUR, 'Asia/Shanghai', 'en-GB')).toBe('02/12, 00:00');
    expect(tickLabel(midnight, DAY, 'Asia/Shanghai', 'en-GB')).toBe('02/12');
    expect(tickLabel(midnight, 3 * HOUR, 'UTC', 'en-GB')).toBe('16:00');
  });

  it('names the zone’s offset from UTC', () => {
    expect(zoneOffsetLabel(ODD, 'Asia/Shanghai')).toBe('UTC+08:00');
    expect(zoneOffsetLabel(ODD, 'Asia/Kolkata')).toBe('UTC+05:30');
    expect(zoneOffsetLabel(ODD, 'America/New_York')).toBe('UTC−05:00');
    expect(zoneOffsetMs(ODD, 'UTC')).toBe(0);
  });

  it('reads and writes custom-range inputs on the chosen zone’s clock', () => {
    expect(toLocalInput(ODD, 'Asia/Shanghai')).toBe('2026-12-02T05:24');
    expect(fromLocalInput('2026-12-02T05:24', 'Asia/Shanghai')).toBe(Date.UTC(2026, 11, 1, 21, 24));
    expect(fromLocalInput('yesterday', 'UTC')).toBeNull();
    expect(fromLocalInput('', 'UTC')).toBeNull();
  });
});
