import type { AlertSubject } from '../../../../shared/alerts.ts';
import type { SourceError } from '../../../../shared/domain.ts';
import type { DerivedEvent } from './derived-event.ts';

// The source itself: unreachable after N failed polls in a row, or its credentials rejected or its config
// wrong (at once: the poller holds it, so there will be no retry to wait for). Recovery is the next good poll.

export type SourceHealth = 'ok' | 'unreachable' | 'auth' | 'config';

export function sourceSubject(sourceId: string): AlertSubject {
  return { kind: 'source', name: sourceId };
}

export type PollResult =
  | { ok: true; at: number; viewers: number | null }
  | { ok: false; at: number; error: SourceError; failures: number };

export function detectSourceHealth(
  sourceId: string,
  health: SourceHealth,
  result: PollResult,
  unreachableAfter: number,
): { health: SourceHealth; events: DerivedEvent[] } {
  const subject = sourceSubject(sourceId);
  if (result.ok) {
    if (health === 'ok') return { health, events: [] };
    return {
      health: 'ok',
      events: [
        {
          sourceId,
          subject,
          status: 'online',
          occurredAt: result.at,
          reason: health,
          viewers: result.viewers,
        },
      ],
    };
  }
  const next: SourceHealth | null =
    result.error.kind === 'auth' || result.error.kind === 'config'
      ? result.error.kind
      : result.failures >= unreachableAfter
        ? 'unreachable'
        : null;
  // Already open (either way) stays one incident: no second alert while the source stays down.
  if (next === null || health !== 'ok') return { health, events: [] };
  return {
    health: next,
    events: [{ sourceId, subject, status: 'offline', occurredAt: result.at, reason: next, viewers: null }],
  };
}
