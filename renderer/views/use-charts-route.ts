import { useCallback, useState } from 'react';
import { DEFAULT_CHARTS_ROUTE, type ChartsRoute } from '../logic/chart-route.ts';

/**
 * The Charts view's range and source. Kept in component state for now; once the dashboard's hash router
 * is in, this is the one place to switch over (chartsRouteFromParams / chartsRouteToParams map it to
 * `#/charts?range=…&source=…`).
 */
export function useChartsRoute(): [ChartsRoute, (next: Partial<ChartsRoute>) => void] {
  const [route, setRoute] = useState<ChartsRoute>(DEFAULT_CHARTS_ROUTE);
  const update = useCallback((next: Partial<ChartsRoute>) => setRoute((current) => ({ ...current, ...next })), []);
  return [route, update];
}
