import type { LiveReading } from '../../../../shared/domain.ts';
import { streamSubject, type DerivedEvent } from './derived-event.ts';

// Qiniu lists only the streams on air: one that drops off the list has stopped, whatever the reason.

export interface VanishedState {
  /** Streams on the last list, with their audience then (the audience lost if they vanish). */
  readonly live: ReadonlyMap<string, number | null>;
  /** Streams missing, with how many polls they have been missing and the audience they had. */
  readonly missing: ReadonlyMap<string, { polls: number; viewers: number | null; reported: boolean }>;
}

export const initialVanishedState: VanishedState = { live: new Map(), missing: new Map() };

export function detectVanished(
  sourceId: string,
  state: VanishedState,
  reading: LiveReading,
  pollsNeeded: number,
): { state: VanishedState; events: DerivedEvent[] } {
  const events: DerivedEvent[] = [];
  const live = new Map(reading.streams.map((stream) => [stream.name, stream.viewers]));
  const missing = new Map<string, { polls: number; viewers: number | null; reported: boolean }>();
  const event = (name: string, status: 'offline' | 'online', viewers: number | null): DerivedEvent => ({
    sourceId,
    subject: streamSubject(name),
    status,
    occurredAt: reading.at,
    reason: 'vanished',
    viewers,
  });

  for (const [name, before] of state.missing) {
    if (live.has(name)) {
      if (before.reported) events.push(event(name, 'online', live.get(name) ?? null));
      continue;
    }
    const polls = before.polls + 1;
    const reported = before.reported || polls >= pollsNeeded;
    if (reported && !before.reported) events.push(event(name, 'offline', before.viewers));
    missing.set(name, { polls, viewers: before.viewers, reported });
  }
  for (const [name, viewers] of state.live) {
    if (live.has(name) || missing.has(name)) continue;
    const reported = pollsNeeded <= 1;
    if (reported) events.push(event(name, 'offline', viewers));
    missing.set(name, { polls: 1, viewers, reported });
  }
  return { state: { live, missing }, events };
}
