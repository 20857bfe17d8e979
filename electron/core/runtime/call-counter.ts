import type { Clock } from '../clock.ts';
import type { HttpClient } from '../http/http-client.ts';

// Provider API calls per source and UTC day: WMSPanel allows 15,000 a day, so the operator sees the budget.
// Every request through a source's HttpClient counts, failures included: the provider counts them too.

export interface CallCounter {
  wrap(sourceId: string, http: HttpClient): HttpClient;
  callsToday(sourceId: string): number;
}

const DAY_MS = 86_400_000;

export function createCallCounter(clock: Pick<Clock, 'now'>): CallCounter {
  const counts = new Map<string, { day: number; calls: number }>();
  const today = () => Math.floor(clock.now() / DAY_MS);
  return {
    wrap(sourceId, http) {
      return (request, options) => {
        const day = today();
        const entry = counts.get(sourceId);
        counts.set(sourceId, { day, calls: entry?.day === day ? entry.calls + 1 : 1 });
        return http(request, options);
      };
    },
    callsToday(sourceId) {
      const entry = counts.get(sourceId);
      return entry?.day === today() ? entry.calls : 0;
    },
  };
}
