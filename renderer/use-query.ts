import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './context.ts';

export type QueryState<T> =
  | { status: 'loading'; data: T | null }
  | { status: 'ok'; data: T }
  | { status: 'error'; data: T | null; message: string };

/**
 * Runs a Bridge query when its key changes and on reload(). Earlier data stays visible while reloading
 * so tables do not flash empty, and a late answer to an outdated key is dropped.
 */
export function useQuery<T>(key: string, run: () => Promise<T>): QueryState<T> & { reload: () => void } {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading', data: null });
  const [generation, setGeneration] = useState(0);
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    let current = true;
    setState((previous) => ({ status: 'loading', data: previous.data }));
    runRef.current().then(
      (data) => current && setState({ status: 'ok', data }),
      (error: unknown) =>
        current && setState((previous) => ({ status: 'error', data: previous.data, message: errorMessage(error) })),
    );
    return () => {
      current = false;
    };
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}
