import type { SourceSnapshot } from '../../shared/bridge.ts';
import type { Incident } from '../../shared/alerts.ts';

// Honest totals: the core sums only sources with fresh data, so the dashboard says which ones a total
// leaves out and why, rather than showing a smaller number as if it were everything.

export type MissingReason = 'held' | 'error' | 'paused' | 'no-data' | 'stale';

export interface MissingSource {
  id: string;
  name: string;
  reason: MissingReason;
}

/** The last poll failed after the last success: what the card shows now is not current. */
export function isFailing(
  source: Pick<SourceSnapshot, 'lastError' | 'lastErrorAt' | 'lastSuccessAt'>,
): boolean {
  return source.lastError !== null && (source.lastErrorAt ?? 0) >= (source.lastSuccessAt ?? 0);
}

function reasonOf(source: SourceSnapshot): MissingReason {
  if (source.state === 'held') return 'held';
  if (isFailing(source)) return 'error';
  if (source.state === 'paused') return 'paused';
  return source.lastSuccessAt === null ? 'no-data' : 'stale';
}

/** Sources the totals leave out, in the order the cards show them (the same rule as the core's sum). */
export function missingFromTotal(sources: readonly SourceSnapshot[]): MissingSource[] {
  return sources
    .filter((source) => source.lastSuccessAt === null || source.stale)
    .map((source) => ({ id: source.id, name: source.name, reason: reasonOf(source) }));
}

/** Open incidents on one source's servers, streams or the source itself: its card must not say OK. */
export function openIncidentsOn(sourceId: string, open: readonly Incident[]): Incident[] {
  return open.filter((incident) => incident.sourceId === sourceId && incident.closedAt === null);
}
