import type { Incident } from '../../shared/alerts.ts';
import type { MuteTarget } from '../../shared/notices.ts';

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

/** Down for so long: the recorded downtime once closed, time since opening while still open. */
export function downtimeOf(incident: Pick<Incident, 'openedAt' | 'closedAt' | 'downtimeMs'>, nowMs: number): number {
  return incident.downtimeMs ?? Math.max(0, (incident.closedAt ?? nowMs) - incident.openedAt);
}
