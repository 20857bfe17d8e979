import type { Incident } from '../../../shared/alerts.ts';
import { MAX_SNAPSHOT_INCIDENTS } from '../../../shared/bridge.ts';
import type { Severity } from '../../../shared/notices.ts';

// The snapshot goes to every dashboard on every change, so it carries the open incidents that matter
// most and a count of all; the `incidents` query pages through the rest.

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** The most severe open incidents first, newest first among equals, at most `max` of them. */
export function boundOpenIncidents(
  open: readonly Incident[],
  severityOf: (incident: Incident) => Severity,
  max = MAX_SNAPSHOT_INCIDENTS,
): Incident[] {
  const ranked = open.map((incident) => ({ incident, rank: RANK[severityOf(incident)] }));
  ranked.sort(
    (a, b) => a.rank - b.rank || b.incident.openedAt - a.incident.openedAt || b.incident.id - a.incident.id,
  );
  return ranked.slice(0, max).map(({ incident }) => incident);
}
