import type { LiveReading } from '../../../../shared/domain.ts';
import { streamSubject, type DerivedEvent } from './derived-event.ts';

// ScaleEngine's viewer.log has no live list: a stream that stops just stops having viewers. Only a stream
// that had an audience, then sits at zero (or off the log) for N polls, is reported, so a quiet account
// does not alert on every stream it ever carried.

export interface ZeroViewersState {
  /** Streams seen with viewers: consecutive polls at zero, the audience before, and whether reported. */
  readonly streams: ReadonlyMap<string, { zeroPolls: number; lastViewers: number; reported: boolean }>;
}

export const initialZeroViewersState: ZeroViewersState = { streams: new Map() };

export function detectZeroViewers(
  sourceId: string,
  state: ZeroViewersState,
  reading: LiveReading,
  pollsNeeded: number,
): { state: ZeroViewersState; events: DerivedEvent[] } {
  const events: DerivedEvent[] = [];
  const now = new Map(reading.streams.map((stream) => [stream.name, stream.viewers ?? 0]));
  const streams = new Map<string, { zeroPolls: number; lastViewers: number; reported: boolean }>();
  const event = (name: string, status: 'offline' | 'online', viewers: number): DerivedEvent => ({
    sourceId,
    subject: streamSubject(name),
    status,
    occurredAt: reading.at,
    reason: 'zero-viewers',
    viewers,
  });

  for (const [name, before] of state.streams) {
    const viewers = now.get(name) ?? 0;
    if (viewers > 0) continue;
    const zeroPolls = before.zeroPolls + 1;
    const reported = before.reported || zeroPolls >= pollsNeeded;
    if (reported && !before.reported) events.push(event(name, 'offline', before.lastViewers));
    streams.set(name, { zeroPolls, lastViewers: before.lastViewers, reported });
  }
  for (const [name, viewers] of now) {
    if (viewers <= 0) continue;
    if (state.streams.get(name)?.reported === true) events.push(event(name, 'online', viewers));
    streams.set(name, { zeroPolls: 0, lastViewers: viewers, reported: false });
  }
  return { state: { streams }, events };
}
