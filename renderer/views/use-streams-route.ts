import { useCallback, useMemo } from 'react';
import type { StreamRef } from '../logic/stream-route.ts';
import { useRoute } from '../route-context.ts';

export interface StreamsRoute {
  /** The filter text (`#/streams?q=…`). */
  q: string;
  /** The stream open on its own page (`#/streams/<source>/<name>`), or null for the list. */
  open: StreamRef | null;
}

/** The Streams view's filter and open stream, kept in the hash. */
export function useStreamsRoute(): [StreamsRoute, (next: Partial<StreamsRoute>) => void] {
  const { route, setParams, navigate } = useRoute();
  const current = useMemo<StreamsRoute>(
    () => ({ q: route.params['q'] ?? '', open: route.stream ?? null }),
    [route.params, route.stream],
  );
  const update = useCallback(
    (next: Partial<StreamsRoute>) => {
      if (next.open !== undefined) {
        // Opening or leaving a stream's page is a step Back should undo; the filter comes along.
        const q = next.q ?? current.q;
        navigate({ view: 'streams', incidentId: null, stream: next.open, params: q === '' ? {} : { q } });
        return;
      }
      if (next.q !== undefined) setParams({ q: next.q });
    },
    [current.q, navigate, setParams],
  );
  return [current, update];
}
