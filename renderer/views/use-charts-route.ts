import { useCallback, useMemo } from 'react';
import { chartsRouteFromParams, chartsRouteToParams, type ChartsRoute } from '../logic/chart-route.ts';
import { useRoute } from '../route-context.ts';

/** The Charts view's range and source, kept in the hash (`#/charts?range=…&source=…`). */
export function useChartsRoute(): [ChartsRoute, (next: Partial<ChartsRoute>) => void] {
  const { route, setParams } = useRoute();
  const current = useMemo(() => chartsRouteFromParams(new URLSearchParams(route.params)), [route.params]);
  const update = useCallback(
    (next: Partial<ChartsRoute>) => {
      const params = chartsRouteToParams({ ...current, ...next });
      // Every key the view owns is written, so a preset range drops an earlier custom from/to.
      setParams({
        range: params.get('range'),
        from: params.get('from'),
        to: params.get('to'),
        source: params.get('source'),
      });
    },
    [current, setParams],
  );
  return [current, update];
}
