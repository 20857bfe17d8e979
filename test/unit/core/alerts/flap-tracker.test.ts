import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../../electron/core/clock.ts';
import { createFlapTracker } from '../../../../electron/core/alerts/flap-tracker.ts';

const limits = { moreThan: 4, windowMs: 10 * 60_000, stableMs: 5 * 60_000 };

describe('flap tracker', () => {
  it('calls a subject flapping on its fifth change within the window, and settles it after the stable period', () => {
    const clock = createManualClock();
    const settled: string[] = [];
    const flaps = createFlapTracker(clock, limits, (key) => settled.push(key));
    const results = Array.from({ length: 6 }, () => {
      clock.advance(1000);
      return flaps.toggle('a');
    });
    expect(results).toEqual(['steady', 'steady', 'steady', 'steady', 'started', 'flapping']);
    clock.advance(limits.stableMs);
    expect(settled).toEqual(['a']);
    expect(flaps.isFlapping('a')).toBe(false);
  });

  it('forgets steady subjects once their changes leave the window, however many were seen', () => {
    const clock = createManualClock();
    const flaps = createFlapTracker(clock, limits, () => {});
    for (let i = 0; i < 20_000; i += 1) flaps.toggle(`storm-${i}`);
    expect(flaps.tracked()).toBe(20_000);
    clock.advance(limits.windowMs + 1);
    for (let i = 0; i < 40_000; i += 1) flaps.toggle(`later-${i}`);
    // The storm's subjects are gone; only the ones that changed within the window are kept.
    expect(flaps.tracked()).toBe(40_000);
    expect(flaps.recentToggles('storm-1')).toBe(0);
    expect(flaps.recentToggles('later-1')).toBe(1);
  });

  it('judges by the changes within the window however long a subject has been changing', () => {
    const clock = createManualClock();
    const flaps = createFlapTracker(clock, limits, () => {});
    // Every 2.6 minutes: at most four changes in any 10-minute window, so never flapping.
    const slow = Array.from({ length: 200 }, () => {
      clock.advance(156_000);
      return flaps.toggle('slow');
    });
    expect(slow.every((result) => result === 'steady')).toBe(true);
    // Every 2 minutes: the fifth change within ten minutes starts it.
    const fast = Array.from({ length: 5 }, () => {
      clock.advance(120_000);
      return flaps.toggle('slow');
    });
    expect(fast).toContain('started');
  });

  it('never forgets a flapping subject while it flaps', () => {
    const clock = createManualClock();
    const flaps = createFlapTracker(clock, { ...limits, stableMs: limits.windowMs * 3 }, () => {});
    for (let i = 0; i < 5; i += 1) flaps.toggle('flappy');
    expect(flaps.isFlapping('flappy')).toBe(true);
    clock.advance(limits.windowMs + 1);
    for (let i = 0; i < 3_000; i += 1) flaps.toggle(`other-${i}`);
    expect(flaps.isFlapping('flappy')).toBe(true);
  });
});
