import type { Clock, TimerHandle } from '../clock.ts';

// Counts state changes per subject. Past the threshold within the window a subject is flapping until it
// has gone the stable period without a change; the engine then stays silent about it, save one notice
// on each side.

export type ToggleResult = 'steady' | 'started' | 'flapping';

export interface FlapTracker {
  toggle(key: string): ToggleResult;
  isFlapping(key: string): boolean;
  /** State changes within the window, for the notice; counts stop at the threshold plus one. */
  recentToggles(key: string): number;
  /** Subjects remembered now: those that changed within the window, or are flapping. */
  tracked(): number;
  dispose(): void;
}

interface Entry {
  toggles: number[];
  flapping: boolean;
  release: TimerHandle | undefined;
}

export function createFlapTracker(
  clock: Clock,
  limits: { moreThan: number; windowMs: number; stableMs: number },
  onSettled: (key: string) => void,
): FlapTracker {
  const entries = new Map<string, Entry>();
  // Steady subjects are forgotten once their toggles age out of the window, in sweeps that run when the
  // map has doubled since the last one: memory follows the subjects active lately, not every one seen.
  let sweepAt = 1024;

  function sweep(now: number): void {
    for (const [key, entry] of entries) {
      if (entry.flapping) continue;
      prune(entry, now);
      if (entry.toggles.length === 0) entries.delete(key);
    }
    sweepAt = Math.max(1024, entries.size * 2);
  }

  function prune(entry: Entry, now: number): void {
    const from = now - limits.windowMs;
    while (entry.toggles.length > 0 && (entry.toggles[0] ?? 0) <= from) entry.toggles.shift();
  }

  function armRelease(key: string, entry: Entry): void {
    if (entry.release) clock.clearTimeout(entry.release);
    entry.release = clock.setTimeout(() => {
      entries.delete(key);
      onSettled(key);
    }, limits.stableMs);
  }

  return {
    toggle(key) {
      const now = clock.now();
      let entry = entries.get(key);
      if (!entry) {
        if (entries.size >= sweepAt) sweep(now);
        entry = { toggles: [], flapping: false, release: undefined };
        entries.set(key, entry);
      }
      prune(entry, now);
      entry.toggles.push(now);
      // Only whether the count passed the threshold matters: a subject toggling every few seconds keeps
      // its newest `moreThan + 1` times, not every one in the window.
      if (entry.toggles.length > limits.moreThan + 1) entry.toggles.shift();
      if (entry.flapping) {
        armRelease(key, entry);
        return 'flapping';
      }
      if (entry.toggles.length > limits.moreThan) {
        entry.flapping = true;
        armRelease(key, entry);
        return 'started';
      }
      return 'steady';
    },
    isFlapping(key) {
      return entries.get(key)?.flapping ?? false;
    },
    recentToggles(key) {
      const entry = entries.get(key);
      if (entry === undefined) return 0;
      prune(entry, clock.now());
      return entry.toggles.length;
    },
    tracked: () => entries.size,
    dispose() {
      for (const entry of entries.values()) if (entry.release) clock.clearTimeout(entry.release);
      entries.clear();
    },
  };
}
