import { useCallback, useState } from 'react';
import type { StreamRef } from '../logic/stream-route.ts';

export interface StreamsRoute {
  /** The filter text (`#/streams?q=…`). */
  q: string;
  /** The stream open on its own page (`#/streams/<source>/<name>`), or null for the list. */
  open: StreamRef | null;
}

/**
 * The Streams view's filter and open stream. Component state for now; once the dashboard's hash router
 * is in, this is the one place to switch over (streamHash / parseStreamPath give the route's form).
 */
export function useStreamsRoute(): [StreamsRoute, (next: Partial<StreamsRoute>) => void] {
  const [route, setRoute] = useState<StreamsRoute>({ q: '', open: null });
  const update = useCallback((next: Partial<StreamsRoute>) => setRoute((current) => ({ ...current, ...next })), []);
  return [route, update];
}
