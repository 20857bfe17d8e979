import { useCallback, useEffect, useState } from 'react';
import { reportHash, reportQueryFromHash, type ReportQuery } from '../logic/daily-report.ts';

// The one adapter between the report view and the URL (`#/reports?source=ID&from=…&to=…`): reads the
// hash on arrival and on back/forward, and writes it when the operator asks for another report. When the
// dashboard's router lands, only this file changes.

export function useReportRoute(today: string): [ReportQuery, (next: ReportQuery) => void] {
  const [query, setQuery] = useState(() => reportQueryFromHash(window.location.hash, today));

  useEffect(() => {
    const onHashChange = () => {
      if (window.location.hash.startsWith('#/reports'))
        setQuery(reportQueryFromHash(window.location.hash, today));
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [today]);

  const navigate = useCallback((next: ReportQuery) => {
    setQuery(next);
    const hash = reportHash(next);
    // Replaced, not pushed: changing the dates of one report is not a new place to go back to.
    if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
  }, []);

  return [query, navigate];
}
