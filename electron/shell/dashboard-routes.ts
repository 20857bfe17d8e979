// Dashboard fragments the shell opens (the renderer keeps its view in the URL hash, docs/desktop-security.md
// lists them): a tray entry or a notification click lands on the same view a link or a reload would.

/** An incident's detail, or the incident list. */
export function incidentRoute(incidentId: number | null): string {
  return incidentId === null ? '#/incidents' : `#/incidents/${incidentId}`;
}

/** One source's charts over the last six hours. */
export function sourceRoute(sourceId: string): string {
  return `#/charts?range=6h&source=${encodeURIComponent(sourceId)}`;
}
