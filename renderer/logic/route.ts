import { VIEWS, type ViewId } from './shortcuts.ts';
import type { StreamRef } from './stream-route.ts';

// What the dashboard shows, kept in the URL hash so links, reloads, back/forward, the tray menu and
// notification clicks all land on the same view (see docs/dashboard-routes.md):
//   #/overview  #/streams?q=…  #/charts?range=6h&source=ID  #/incidents  #/incidents/<id>
//   #/reports?source=ID&from=…&to=…  #/settings
// Each view owns its query parameters; the router only keeps them in order and drops empty ones.

export type RouteParams = Readonly<Record<string, string>>;

export interface Route {
  view: ViewId;
  /** `#/incidents/<id>`: the incident shown on its own page. */
  incidentId: number | null;
  /** `#/streams/<source>/<name>`: the stream shown on its own page. */
  stream?: StreamRef | null;
  params: RouteParams;
}

/** The hash path of each view; the daily report's tab is "reports" in links. */
const PATHS: Record<ViewId, string> = {
  overview: 'overview',
  streams: 'streams',
  charts: 'charts',
  incidents: 'incidents',
  daily: 'reports',
  settings: 'settings',
};

export const HOME: Route = { view: 'overview', incidentId: null, params: {} };

function viewOfPath(path: string): ViewId | undefined {
  return VIEWS.find((view) => PATHS[view] === path || view === path);
}

/** Any hash, even a mistyped or hand-edited one, gives a route: unknown paths land on Overview. */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '').replace(/^\/+/, '');
  const queryAt = text.indexOf('?');
  const path = (queryAt === -1 ? text : text.slice(0, queryAt)).replace(/\/+$/, '');
  const query = new URLSearchParams(queryAt === -1 ? '' : text.slice(queryAt + 1));
  const [head = '', id, ...extra] = path.split('/').map(safeDecode);
  const view = viewOfPath(head);
  if (view === undefined) return HOME;
  const params: Record<string, string> = {};
  for (const [key, value] of query) if (value !== '') params[key] = value;
  const incidentId =
    view === 'incidents' && extra.length === 0 && id !== undefined && /^[1-9]\d{0,15}$/.test(id)
      ? Number(id)
      : null;
  // Both parts are percent-encoded, so a stream name that is a whole URL stays one segment.
  const [name, ...beyond] = extra;
  const stream =
    view === 'streams' && id !== undefined && id !== '' && name !== undefined && beyond.length === 0
      ? { sourceId: id, stream: name }
      : null;
  return { view, incidentId, ...(stream ? { stream } : {}), params };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * The hash of a route: parameters in the order the view gave them (`source`, `from`, `to` for a report,
 * as documented), empty ones left out.
 */
export function formatRoute(route: Route): string {
  const path = `#/${PATHS[route.view]}${subPath(route)}`;
  const query = new URLSearchParams(Object.entries(route.params).filter(([, value]) => value !== '')).toString();
  return query === '' ? path : `${path}?${query}`;
}

function subPath(route: Route): string {
  if (route.view === 'incidents' && route.incidentId !== null) return `/${route.incidentId}`;
  const stream = route.view === 'streams' ? route.stream : null;
  return stream ? `/${encodeURIComponent(stream.sourceId)}/${encodeURIComponent(stream.stream)}` : '';
}

/** The route with some parameters changed: a value sets one, null or '' removes it. */
export function withParams(route: Route, patch: Readonly<Record<string, string | null | undefined>>): Route {
  const params: Record<string, string> = { ...route.params };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === '') delete params[key];
    else params[key] = value;
  }
  return { ...route, params };
}

/** Switching views: each view keeps its own parameters, so they are not carried across. */
export function routeTo(view: ViewId, params: RouteParams = {}): Route {
  return { view, incidentId: null, params };
}

export function incidentRoute(id: number): Route {
  return { view: 'incidents', incidentId: id, params: {} };
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}
