import { describe, expect, it } from 'vitest';
import type { DailyStatsRow } from '../../../../shared/daily-stats.ts';
import { createManualClock } from '../../../../electron/core/clock.ts';
import { createDailyCache, type DailyQuery } from '../../../../electron/core/runtime/daily-cache.ts';

const row = (date: string, viewers: number) => ({ date, viewers }) as unknown as DailyStatsRow;

describe('daily cache', () => {
  it('fetches each (source, range, server) at most once an hour', async () => {
    const clock = createManualClock();
    const calls: DailyQuery[] = [];
    const cache = createDailyCache({
      clock,
      fetch: (q) => {
        calls.push(q);
        return Promise.resolve([row(q.from, calls.length)]);
      },
    });
    const q = { sourceId: 'wms', from: '2025-01-01', to: '2025-01-02' };
    expect(await cache.get(q)).toEqual([row('2025-01-01', 1)]);
    clock.advance(59 * 60_000);
    expect(await cache.get(q)).toEqual([row('2025-01-01', 1)]);
    await cache.get({ ...q, server: 'edge1' });
    expect(calls).toHaveLength(2);
    clock.advance(60_000);
    expect(await cache.get(q)).toEqual([row('2025-01-01', 3)]);
  });

  it('shares one call between concurrent asks, does not cache a failure, and forgets a source', async () => {
    const clock = createManualClock();
    let n = 0;
    const cache = createDailyCache({
      clock,
      fetch: () => {
        n += 1;
        return n === 1 ? Promise.reject(new Error('503')) : Promise.resolve([]);
      },
    });
    const q = { sourceId: 'wms', from: '2025-01-01', to: '2025-01-01' };
    const [a, b] = await Promise.allSettled([cache.get(q), cache.get(q)]);
    expect([a.status, b.status, n]).toEqual(['rejected', 'rejected', 1]);
    await cache.get(q);
    await cache.get(q);
    expect(n).toBe(2);
    cache.forget('wms');
    await cache.get(q);
    expect(n).toBe(3);
  });
});
