import type { AlertSubject } from '../../../../shared/alerts.ts';
import type { LiveReading } from '../../../../shared/domain.ts';
import type { DerivedEvent } from './derived-event.ts';

// Bandwidth over the operator's cap (a CDN commitment, an uplink): opened when the source's total goes
// above the cap, closed when it is back under. Its own subject, so it never merges with reachability.

export function bandwidthSubject(sourceId: string): AlertSubject {
  return { kind: 'source', name: `${sourceId} bandwidth` };
}

export function detectBandwidthCap(
  sourceId: string,
  over: boolean,
  reading: LiveReading,
  capBps: number | undefined,
): { over: boolean; events: DerivedEvent[] } {
  if (capBps === undefined || reading.bandwidthBps === null) return { over, events: [] };
  const now = reading.bandwidthBps > capBps;
  if (now === over) return { over, events: [] };
  return {
    over: now,
    events: [
      {
        sourceId,
        subject: bandwidthSubject(sourceId),
        status: now ? 'offline' : 'online',
        occurredAt: reading.at,
        reason: 'bandwidth-cap',
        viewers: reading.viewers,
      },
    ],
  };
}
