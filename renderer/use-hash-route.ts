import { useCallback, useEffect, useMemo, useState } from 'react';
import { formatRoute, parseRoute, withParams, type Route } from './logic/route.ts';
import type { RouteApi } from './route-context.ts';

/** The URL hash as React state: follows back/forward and links, and writes every change back. */
export function useHashRoute(): RouteApi {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));

  useEffect(() => {
    // A hand-typed or legacy hash is rewritten to its canonical form without adding a history entry.
    const canonical = formatRoute(parseRoute(window.location.hash));
    if (window.location.hash !== canonical) window.history.replaceState(null, '', canonical);
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    window.addEventListener('popstate', follow);
    return () => {
      window.removeEventListener('hashchange', follow);
      window.removeEventListener('popstate', follow);
    };
  }, []);

  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    const hash = formatRoute(next);
    if (hash !== window.location.hash) {
      if (options.replace === true) window.history.replaceState(null, '', hash);
      else window.history.pushState(null, '', hash);
    }
    setRoute(parseRoute(hash));
  }, []);

  const setParams = useCallback<RouteApi['setParams']>(
    (patch, options = {}) => {
      const current = parseRoute(window.location.hash);
      navigate(withParams(current, patch), { replace: options.push !== true });
    },
    [navigate],
  );

  return useMemo(() => ({ route, navigate, setParams }), [route, navigate, setParams]);
}
