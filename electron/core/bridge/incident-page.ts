import type { Incident } from '../../../shared/alerts.ts';
import type { IncidentPage } from '../../../shared/bridge.ts';

// Pages of the incidents list in the order the dashboard shows them: open ones newest first, then
// closed ones by close time, newest first. The cursor names the last row shown (its group, time and
// id), so incidents opened or closed while the operator pages neither repeat nor go missing.

interface SortKey {
  group: 0 | 1;
  time: number;
  id: number;
}

function keyOf(incident: Incident): SortKey {
  return incident.closedAt === null
    ? { group: 0, time: incident.openedAt, id: incident.id }
    : { group: 1, time: incident.closedAt, id: incident.id };
}

/** Negative when a comes first in the list. */
function compareKeys(a: SortKey, b: SortKey): number {
  return a.group - b.group || b.time - a.time || b.id - a.id;
}

export function encodeCursor(key: SortKey): string {
  return `${key.group === 0 ? 'o' : 'c'}.${key.time}.${key.id}`;
}

/** The cursor's key, or an error naming what is wrong with it. */
export function decodeCursor(cursor: string): SortKey {
  const match = /^([oc])\.(-?\d{1,16})\.(\d{1,16})$/.exec(cursor);
  if (match === null) throw new Error(`cursor "${cursor}" is not one this server gave out`);
  return { group: match[1] === 'o' ? 0 : 1, time: Number(match[2]), id: Number(match[3]) };
}

export function pageIncidents(
  incidents: readonly Incident[],
  request: { limit?: number | undefined; cursor?: string | undefined },
): IncidentPage {
  const sorted = [...incidents].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  const after = request.cursor === undefined ? null : decodeCursor(request.cursor);
  const rest = after === null ? sorted : sorted.filter((incident) => compareKeys(keyOf(incident), after) > 0);
  const page = request.limit === undefined ? rest : rest.slice(0, request.limit);
  const last = page.at(-1);
  const open = incidents.filter((incident) => incident.closedAt === null).length;
  return {
    incidents: page,
    nextCursor: last !== undefined && page.length < rest.length ? encodeCursor(keyOf(last)) : null,
    counts: { open, closed: incidents.length - open },
  };
}
