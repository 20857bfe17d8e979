import { useCallback, useEffect, useRef } from 'react';

/**
 * A function that runs `work` at most once per `ms`, however often it is called: a storm of incident
 * events reloads a list once, not once per incident.
 */
export function useCoalesced(work: () => void, ms: number): () => void {
  const workRef = useRef(work);
  workRef.current = work;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      workRef.current();
    }, ms);
  }, [ms]);
}
