import { useCallback, useMemo } from 'react';
import { reportQueryFromHash, type ReportQuery } from '../logic/daily-report.ts';
import { formatRoute, routeTo } from '../logic/route.ts';
import { useRoute } from '../route-context.ts';

// The one adapter between the report view and the URL (`#/reports?source=ID&from=…&to=…`), over the
// dashboard's router: the query follows the address (links, reload, back/forward), and asking for
// another report rewrites it.

export function useReportRoute(today: string): [ReportQuery, (next: ReportQuery) => void] {
  const { route, navigate } = useRoute();
  // Keyed on the address's text, so the same report is the same object and is not fetched again.
  const hash = route.view === 'daily' ? formatRoute(route) : '#/reports';
  const query = useMemo(() => reportQueryFromHash(hash, today), [hash, today]);

  const go = useCallback(
    (next: ReportQuery) =>
      // Replaced, not pushed: changing the dates of one report is not a new place to go back to.
      navigate(routeTo('daily', { source: next.source, from: next.from, to: next.to }), { replace: true }),
    [navigate],
  );

  return [query, go];
}
