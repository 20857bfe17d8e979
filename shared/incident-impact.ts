import type { AlertEvent, Incident } from './alerts.ts';

// What an incident cost its audience: the viewers watching when it went down, and those viewers times
// the minutes it lasted. The core answers it for the incident page; the page recounts it while open.

/** The largest audience any of the incident's offline events reported; null when none said. */
export function audienceOf(events: readonly Pick<AlertEvent, 'status' | 'viewers'>[]): number | null {
  let audience: number | null = null;
  for (const event of events) {
    if (event.status !== 'offline' || event.viewers === null || event.viewers === undefined) continue;
    audience = Math.max(audience ?? 0, event.viewers);
  }
  return audience;
}

/** How long it has been down: the recorded downtime once closed, time since opening while open. */
export function downtimeOf(
  incident: Pick<Incident, 'openedAt' | 'closedAt' | 'downtimeMs'>,
  nowMs: number,
): number {
  return incident.downtimeMs ?? Math.max(0, (incident.closedAt ?? nowMs) - incident.openedAt);
}

/** Viewer-minutes lost, rounded to whole minutes; null when the audience is unknown. */
export function viewerMinutesLost(audience: number | null, downtimeMs: number): number | null {
  return audience === null ? null : Math.round((audience * downtimeMs) / 60_000);
}
