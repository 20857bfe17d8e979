import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDesktopSnooze, HOUR_MS, nextMorning } from '../../../electron/shell/desktop-snooze.ts';

// Local time matters here ("until tomorrow" is 08:00 on the operator's clock): pin the zone.
const savedTz = process.env['TZ'];
beforeEach(() => {
  process.env['TZ'] = 'Asia/Shanghai';
});
afterEach(() => {
  if (savedTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = savedTz;
  vi.useRealTimers();
});

describe('desktop notification snooze', () => {
  it('"until tomorrow" lifts at 08:00 the next morning, local time', () => {
    // 22:30 in Shanghai on 6 January.
    const evening = Date.UTC(2025, 0, 6, 14, 30);
    expect(new Date(nextMorning(evening)).toISOString()).toBe('2025-01-07T00:00:00.000Z');
  });

  it('"until tomorrow" after midnight means this morning at 08:00, not a day later', () => {
    // 02:00 in Shanghai on 7 January.
    const night = Date.UTC(2025, 0, 6, 18);
    expect(new Date(nextMorning(night)).toISOString()).toBe('2025-01-07T00:00:00.000Z');
  });

  it('lifts by itself when its time comes, and tells the tray', () => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 6, 12) });
    const changes: Array<number | null> = [];
    const snooze = createDesktopSnooze({ now: Date.now, onChange: (until) => void changes.push(until) });
    const until = Date.now() + HOUR_MS;
    snooze.snooze(until);
    expect(snooze.isActive()).toBe(true);
    vi.advanceTimersByTime(HOUR_MS - 1_000);
    expect(snooze.until()).toBe(until);
    vi.advanceTimersByTime(1_000);
    expect(snooze.isActive()).toBe(false);
    expect(changes).toEqual([until, null]);
    snooze.dispose();
  });

  it('ignores a snooze that would already have lifted (a stale saved value after a restart)', () => {
    const snooze = createDesktopSnooze({ now: () => 10_000 });
    snooze.snooze(9_000);
    expect(snooze.until()).toBeNull();
  });

  it('can be lifted early by the operator', () => {
    const changes: Array<number | null> = [];
    const snooze = createDesktopSnooze({ now: () => 0, onChange: (until) => void changes.push(until) });
    snooze.snooze(HOUR_MS);
    snooze.lift();
    expect(snooze.isActive()).toBe(false);
    expect(changes).toEqual([HOUR_MS, null]);
    snooze.dispose();
  });
});
