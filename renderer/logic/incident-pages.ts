import type { Incident } from '../../shared/alerts.ts';
import { MAX_INCIDENT_PAGE, type BridgeRequest, type IncidentPage } from '../../shared/bridge.ts';

export interface LoadedIncidents {
  incidents: Incident[];
  counts: IncidentPage['counts'] | null;
  nextCursor: string | null;
}

/** The first `wanted` closed incidents, newest closed first, asked for a server page at a time. */
export async function loadClosed(
  fetchPage: (request: BridgeRequest<'incidents'>) => Promise<IncidentPage>,
  wanted: number,
): Promise<LoadedIncidents> {
  const incidents: Incident[] = [];
  let page: IncidentPage | null = null;
  do {
    const cursor: string | null = page === null ? null : page.nextCursor;
    page = await fetchPage({
      open: false,
      limit: Math.min(MAX_INCIDENT_PAGE, wanted - incidents.length),
      ...(cursor !== null ? { cursor } : {}),
    });
    incidents.push(...page.incidents);
  } while (page.nextCursor !== null && incidents.length < wanted);
  return { incidents, counts: page.counts, nextCursor: page.nextCursor };
}
