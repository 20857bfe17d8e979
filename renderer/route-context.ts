import { createContext, useContext } from 'react';
import type { Route } from './logic/route.ts';

// The route as views see it: what the hash says now, and a way to change it. A view reads its own
// parameters from `route.params` and writes them with `setParams`, which replaces the history entry (a
// filter being typed is not a trail of back-button stops); pass `{ push: true }` for a real step.

export interface RouteApi {
  route: Route;
  setParams: (
    patch: Readonly<Record<string, string | null | undefined>>,
    options?: { push?: boolean },
  ) => void;
  navigate: (route: Route, options?: { replace?: boolean }) => void;
}

export const RouteContext = createContext<RouteApi | null>(null);

export function useRoute(): RouteApi {
  const value = useContext(RouteContext);
  if (value === null) throw new Error('useRoute outside <RouteContext.Provider>');
  return value;
}
