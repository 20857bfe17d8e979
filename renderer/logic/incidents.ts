import { DERIVED_REASONS, subjectKey, type DerivedReason, type Incident } from '../../shared/alerts.ts';
import type { MuteTarget } from '../../shared/notices.ts';

export { downtimeOf } from '../../shared/incident-impact.ts';

/** Muting from an incident silences exactly its subject; a source-level incident mutes the source. */
export function muteTargetOf(incident: Pick<Incident, 'sourceId' | 'subject'>): MuteTarget {
  const { sourceId, subject } = incident;
  return subject.kind === 'source' ? { kind: 'source', sourceId } : { kind: subject.kind, sourceId, name: subject.name };
}

export function sameTarget(a: MuteTarget, b: MuteTarget): boolean {
  return a.kind === b.kind && a.sourceId === b.sourceId && (a.kind === 'source' || (b.kind !== 'source' && a.name === b.name));
}

/**
 * Open ones first (newest first), then closed ones by when they closed; duplicates by id removed. The
 * snapshot and the incidents query can each be a moment behind the other, so of two copies the one that
 * knows more wins: closed beats open, acknowledged beats not.
 */
export function mergeIncidents(open: readonly Incident[], recent: readonly Incident[]): Incident[] {
  const knowledge = (incident: Incident) => (incident.closedAt !== null ? 2 : 0) + (incident.acknowledgedAt !== null ? 1 : 0);
  const byId = new Map<number, Incident>();
  for (const incident of [...recent, ...open]) {
    const known = byId.get(incident.id);
    if (known === undefined || knowledge(incident) >= knowledge(known)) byId.set(incident.id, incident);
  }
  return [...byId.values()].sort((a, b) => {
    if ((a.closedAt === null) !== (b.closedAt === null)) return a.closedAt === null ? -1 : 1;
    return (b.closedAt ?? b.openedAt) - (a.closedAt ?? a.openedAt);
  });
}

/** An alert event's `reason` as one of the known derived reasons, so it can be put in words. */
export function knownReason(reason: string | undefined): DerivedReason | null {
  return DERIVED_REASONS.find((one) => one === reason) ?? null;
}

export interface IncidentGroup {
  key: string;
  /** The first of the group in list order: the most recent. */
  latest: Incident;
  incidents: Incident[];
}

/**
 * Incidents of the same subject gathered in one row, placed where its most recent one falls: a stream
 * flapping twenty times is one line saying so, not twenty lines pushing everything else off the page.
 */
export function groupBySubject(incidents: readonly Incident[]): IncidentGroup[] {
  const groups = new Map<string, IncidentGroup>();
  for (const incident of incidents) {
    const key = subjectKey(incident.sourceId, incident.subject);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { key, latest: incident, incidents: [incident] });
    else group.incidents.push(incident);
  }
  return [...groups.values()];
}

/** Total downtime of a group of closed incidents. */
export function totalDowntime(group: IncidentGroup): number {
  return group.incidents.reduce((sum, incident) => sum + (incident.downtimeMs ?? 0), 0);
}
