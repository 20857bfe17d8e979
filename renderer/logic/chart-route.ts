import { isRangeId, type ChartRange } from './chart-data.ts';

// What the Charts view shows, as URL parameters (`#/charts?range=6h&source=ID`, a custom or zoomed
// window as `range=custom&from=<ms>&to=<ms>`), so the router can keep it in the hash.

export interface ChartsRoute {
  range: ChartRange;
  /** '' : every source's total. */
  sourceId: string;
}

export const DEFAULT_CHARTS_ROUTE: ChartsRoute = { range: { kind: 'preset', id: '1h' }, sourceId: '' };

export function chartsRouteFromParams(params: URLSearchParams): ChartsRoute {
  const sourceId = params.get('source') ?? '';
  const range = params.get('range') ?? '';
  if (isRangeId(range)) return { range: { kind: 'preset', id: range }, sourceId };
  const fromMs = Number(params.get('from'));
  const toMs = Number(params.get('to'));
  if (range === 'custom' && Number.isInteger(fromMs) && Number.isInteger(toMs) && fromMs < toMs) {
    return { range: { kind: 'custom', fromMs, toMs }, sourceId };
  }
  return { ...DEFAULT_CHARTS_ROUTE, sourceId };
}

export function chartsRouteToParams(route: ChartsRoute): URLSearchParams {
  const params = new URLSearchParams();
  if (route.range.kind === 'preset') params.set('range', route.range.id);
  else {
    params.set('range', 'custom');
    params.set('from', String(route.range.fromMs));
    params.set('to', String(route.range.toMs));
  }
  if (route.sourceId !== '') params.set('source', route.sourceId);
  return params;
}
