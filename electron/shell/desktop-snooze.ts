// "Mute notifications for 1 h / until tomorrow" from the tray: a pause of desktop notifications only.
// The alert engine, the dashboard and the on-call's contact points keep going; only this desktop stays
// quiet until the snooze lifts by itself (or the operator unmutes).

export const HOUR_MS = 3_600_000;
/** "Until tomorrow" lifts at this local hour: the operator is back at the desk. */
export const MORNING_HOUR = 8;

/** The next local 08:00 after `nowMs` (today's, when it is still before 08:00). */
export function nextMorning(nowMs: number): number {
  const morning = new Date(nowMs);
  morning.setHours(MORNING_HOUR, 0, 0, 0);
  if (morning.getTime() <= nowMs) morning.setDate(morning.getDate() + 1);
  return morning.getTime();
}

export interface DesktopSnooze {
  /** When desktop notifications come back, UTC epoch ms; null when they are not snoozed. */
  until(): number | null;
  isActive(): boolean;
  snooze(untilMs: number): void;
  lift(): void;
  dispose(): void;
}

/** setTimeout holds at most ~24.8 days; a longer snooze re-arms on the way. */
const MAX_TIMER_MS = 2_147_483_647;

export function createDesktopSnooze(options: {
  now: () => number;
  /** The snooze started, changed or lifted (the tray shows it). */
  onChange?: (untilMs: number | null) => void;
}): DesktopSnooze {
  let untilMs: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function set(next: number | null): void {
    clearTimer();
    const changed = next !== untilMs;
    untilMs = next;
    if (next !== null) arm();
    if (changed) options.onChange?.(next);
  }

  function arm(): void {
    if (untilMs === null) return;
    const left = untilMs - options.now();
    if (left <= 0) {
      set(null);
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref?.();
  }

  return {
    until() {
      if (untilMs !== null && untilMs <= options.now()) set(null);
      return untilMs;
    },
    isActive() {
      return this.until() !== null;
    },
    snooze(next) {
      set(next > options.now() ? next : null);
    },
    lift() {
      set(null);
    },
    dispose() {
      clearTimer();
    },
  };
}
