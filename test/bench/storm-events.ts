import type { AlertEvent } from '../../shared/alerts.ts';
import type { ManualClock } from '../../electron/core/clock.ts';

// A regional outage as WMSPanel would report it: 5,000 streams of one source going offline over 10 s,
// shared by the engine's storm benchmark and the contact-point one.

export const STORM_EVENTS = 5_000;
export const STORM_SPREAD_MS = 10_000;
export const STORM_START = Date.UTC(2025, 0, 6, 12, 0, 0);

/** Moves `clock` to the event's moment and returns the i-th offline event of the storm. */
export function stormEvent(clock: ManualClock, i: number): AlertEvent {
  clock.advanceTo(STORM_START + Math.floor((i * STORM_SPREAD_MS) / STORM_EVENTS));
  return {
    id: i + 1,
    sourceId: 'wms',
    subject: { kind: 'stream', name: `rtmp://edge-eu.example.com/live/s${String(i).padStart(4, '0')}` },
    status: 'offline',
    occurredAt: clock.now(),
    receivedAt: clock.now(),
    origin: 'webhook',
    checkpoints: ['Frankfurt, Germany'],
    viewers: (i * 37) % 900,
  };
}
