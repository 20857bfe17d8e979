import type { DailyStatsRow } from '../../../shared/daily-stats.ts';
import type { Clock } from '../clock.ts';

// WMSPanel daily stats change at most once a day and the account has 15,000 calls a day: each
// (source, range, server) is fetched at most once an hour. Concurrent asks for the same key share one call;
// a failed call is not cached, so the next ask tries again.

export interface DailyQuery {
  sourceId: string;
  from: string;
  to: string;
  server?: string | undefined;
}

export type DailyFetcher = (query: DailyQuery) => Promise<DailyStatsRow[]>;

export interface DailyCache {
  get(query: DailyQuery): Promise<DailyStatsRow[]>;
  /** Drops a source's entries (its config or credentials changed). */
  forget(sourceId: string): void;
}

export const DAILY_TTL_MS = 3_600_000;

export function createDailyCache(options: {
  fetch: DailyFetcher;
  clock: Pick<Clock, 'now'>;
  ttlMs?: number;
}): DailyCache {
  const ttl = options.ttlMs ?? DAILY_TTL_MS;
  const entries = new Map<string, { at: number; rows: Promise<DailyStatsRow[]>; sourceId: string }>();
  const keyOf = (q: DailyQuery) => JSON.stringify([q.sourceId, q.from, q.to, q.server ?? null]);
  return {
    get(query) {
      const key = keyOf(query);
      const now = options.clock.now();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttl) return hit.rows;
      const rows = options.fetch(query);
      entries.set(key, { at: now, rows, sourceId: query.sourceId });
      rows.catch(() => {
        if (entries.get(key)?.rows === rows) entries.delete(key);
      });
      return rows;
    },
    forget(sourceId) {
      for (const [key, entry] of entries) if (entry.sourceId === sourceId) entries.delete(key);
    },
  };
}
