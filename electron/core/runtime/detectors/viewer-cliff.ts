import type { AlertSubject } from '../../../../shared/alerts.ts';
import type { LiveReading } from '../../../../shared/domain.ts';
import type { DerivedEvent } from './derived-event.ts';

// A fall of more than X% from the window's peak within Y minutes: the stream is still listed, yet its
// audience is gone (a frozen encoder, a broken player). Checked per stream and on the source's total; the
// total is its own subject ("<id> viewers") so it never merges with the source's reachability incident.

export interface CliffLimits {
  dropPercent: number;
  windowMinutes: number;
  minViewers: number;
}

interface Track {
  /** Recent (time, viewers), oldest first, within the window. */
  points: { at: number; viewers: number }[];
  /** The peak the open cliff fell from; null when no cliff is open. */
  fellFrom: number | null;
}

export interface CliffState {
  readonly tracks: ReadonlyMap<string, Track>;
}

export const initialCliffState: CliffState = { tracks: new Map() };

export const TOTAL_KEY = '\u0000total';

export function totalSubject(sourceId: string): AlertSubject {
  return { kind: 'source', name: `${sourceId} viewers` };
}

export function detectViewerCliff(
  sourceId: string,
  state: CliffState,
  reading: LiveReading,
  limits: CliffLimits,
): { state: CliffState; events: DerivedEvent[] } {
  const windowMs = limits.windowMinutes * 60_000;
  const keep = 1 - limits.dropPercent / 100;
  const events: DerivedEvent[] = [];
  const tracks = new Map<string, Track>();
  const values = new Map<string, number | null>(reading.streams.map((s) => [s.name, s.viewers]));
  values.set(TOTAL_KEY, reading.viewers);

  for (const [key, viewers] of values) {
    const before = state.tracks.get(key);
    if (viewers === null) {
      if (before) tracks.set(key, before);
      continue;
    }
    const points = (before?.points ?? []).filter((p) => p.at > reading.at - windowMs && p.at < reading.at);
    const peak = points.reduce((max, p) => Math.max(max, p.viewers), 0);
    let fellFrom = before?.fellFrom ?? null;
    const subject: AlertSubject = key === TOTAL_KEY ? totalSubject(sourceId) : { kind: 'stream', name: key };
    if (fellFrom === null && peak >= limits.minViewers && viewers < peak * keep) {
      fellFrom = peak;
      events.push({
        sourceId,
        subject,
        status: 'offline',
        occurredAt: reading.at,
        reason: 'viewer-cliff',
        viewers: peak,
      });
    } else if (fellFrom !== null && viewers >= fellFrom * keep) {
      fellFrom = null;
      events.push({
        sourceId,
        subject,
        status: 'online',
        occurredAt: reading.at,
        reason: 'viewer-cliff',
        viewers,
      });
    }
    points.push({ at: reading.at, viewers });
    tracks.set(key, { points, fellFrom });
  }
  // A stream gone from the reading keeps an open cliff (the vanish detectors speak for it), else it is dropped.
  for (const [key, track] of state.tracks)
    if (!tracks.has(key) && track.fellFrom !== null) tracks.set(key, track);
  return { state: { tracks }, events };
}
