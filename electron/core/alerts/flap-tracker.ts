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
  // A subject seen to change once is kept as the time of that change alone: in a storm that is nearly
  // every subject, and an entry with its list cost several times as much memory. The entry comes with
  // the second change. That time is kept as milliseconds since the tracker started, which V8 stores in
  // the map itself for 24 days; an epoch time would be a heap object of its own per subject.
  const entries = new Map<string, Entry | number>();
  const startedAt = clock.now();
  // Steady subjects are forgotten once their toggles age out of the window, in sweeps that run when the
  // map has doubled since the last one: memory follows the subjects active lately, not every one seen.
  let sweepAt = 1024;

  function sweep(now: number): void {
    for (const [key, entry] of entries) {
      if (typeof entry === 'number') {
        if (startedAt + entry <= now - limits.windowMs) entries.delete(key);
        continue;
      }
      if (entry.flapping) continue;
      prune(entry, now);
      if (entry.toggles.length === 0) entries.delete(key);
    }
    sweepAt = Math.max(1024, entries.size * 2);
  }

  /** The subject's entry, made from a lone change if that is all there is. */
  function entryOf(key: string): Entry | undefined {
    const found = entries.get(key);
    if (typeof found !== 'number') return found;
    const entry: Entry = { toggles: [startedAt + found], flapping: false, release: undefined };
    entries.set(key, entry);
    return entry;
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
      let entry = entryOf(key);
      if (!entry) {
        if (entries.size >= sweepAt) sweep(now);
        // A first change can only start flapping when the threshold is zero changes.
        if (limits.moreThan >= 1) {
          entries.set(key, now - startedAt);
          return 'steady';
        }
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
      const entry = entries.get(key);
      return typeof entry === 'object' && entry.flapping;
    },
    recentToggles(key) {
      const entry = entries.get(key);
      if (entry === undefined) return 0;
      if (typeof entry === 'number') return startedAt + entry > clock.now() - limits.windowMs ? 1 : 0;
      prune(entry, clock.now());
      return entry.toggles.length;
    },
    tracked: () => entries.size,
    dispose() {
      for (const entry of entries.values())
        if (typeof entry === 'object' && entry.release) clock.clearTimeout(entry.release);
      entries.clear();
    },
  };
}
