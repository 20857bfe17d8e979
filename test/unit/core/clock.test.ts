import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../electron/core/clock.ts';

describe('manual clock', () => {
  it('fires due timers in due order, each at its own time', () => {
    const clock = createManualClock(1_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 500);
    clock.advance(300);
    expect(fired).toEqual(['a@1100', 'b@1200']);
    expect(clock.now()).toBe(1_300);
    expect(clock.pending()).toBe(1);
  });

  it('fires timers set by a timer when they fall due within the same advance', () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 50);
    }, 100);
    clock.advance(120);
    expect(fired).toEqual([100]);
    clock.advance(30);
    expect(fired).toEqual([100, 150]);
  });

  it('never fires a cleared timer and never goes backwards', () => {
    const clock = createManualClock(0);
    let fired = false;
    const handle = clock.setTimeout(() => (fired = true), 10);
    clock.clearTimeout(handle);
    clock.advance(100);
    clock.advanceTo(50);
    expect(fired).toBe(false);
    expect(clock.now()).toBe(100);
  });
});
