// The alert engine's only source of time. Holds, storm windows, flapping and quiet hours all hang off
// timers, so tests drive a manual clock instead of sleeping, and the storm benchmark runs 10 s in a blink.

export type TimerHandle = object;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, Math.max(0, ms));
    // A pending quiet-hours or flapping timer must not keep `streamtray check` and friends alive.
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward, firing every timer that falls due on the way, in due order. */
  advance(ms: number): void;
  /** Moves time forward to an absolute instant (never backwards). */
  advanceTo(atMs: number): void;
  /** Timers scheduled and not yet fired or cleared. */
  pending(): number;
}

interface ManualTimer {
  readonly seq: number;
  readonly dueAt: number;
  readonly fn: () => void;
}

export function createManualClock(startMs = Date.UTC(2025, 0, 6, 12, 0, 0)): ManualClock {
  let now = startMs;
  let seq = 0;
  const timers = new Set<ManualTimer>();

  function nextDue(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of timers) {
      if (timer.dueAt > limit) continue;
      if (!best || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.seq < best.seq))
        best = timer;
    }
    return best;
  }

  function advanceTo(atMs: number): void {
    const target = Math.max(now, atMs);
    // Timers set by a firing timer are picked up if they fall due before the target, as in real time.
    for (let timer = nextDue(target); timer; timer = nextDue(target)) {
      timers.delete(timer);
      now = Math.max(now, timer.dueAt);
      timer.fn();
    }
    now = target;
  }

  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer: ManualTimer = { seq: seq++, dueAt: now + Math.max(0, ms), fn };
      timers.add(timer);
      return timer;
    },
    clearTimeout(handle) {
      timers.delete(handle as ManualTimer);
    },
    advance: (ms) => advanceTo(now + ms),
    advanceTo,
    pending: () => timers.size,
  };
}
