import { describe, expect, it } from 'vitest';
import { fillFromQiniuDetail, QINIU_PERIOD_MS, unpolledPeriods } from '../../../../electron/core/streams/qiniu-detail-fill.ts';

const P = QINIU_PERIOD_MS;
const NOW = 1_000 * P;

describe('Qiniu per-stream history fill', () => {
  it('asks for periods polling missed, newest first, and never for the unfinished current one', () => {
    const total = {
      // Period 996 polled twice; 997 holds only a backfilled hub point; 999 is still running.
      t: [996 * P + 10_000, 996 * P + 70_000, 997 * P, 999 * P + 5_000, 999 * P + 65_000],
    };
    const stream = { t: [998 * P + 1_000] };
    expect(unpolledPeriods(stream, total, { fromMs: 995 * P, toMs: NOW, nowMs: NOW })).toEqual([997 * P, 995 * P]);
  });

  it('stores each answer for every stream in it and reports a failure in words, keeping what was filled', async () => {
    const stored: { t: number; stream: string | null }[] = [];
    const asked = new Set<number>();
    const fill = await fillFromQiniuDetail({
      sourceId: 'pili',
      periods: [3 * P, 2 * P, P],
      asked,
      maxCalls: 10,
      detail: (time) =>
        time === P / 1000
          ? Promise.reject(new Error('Qiniu stat/play/history/detail: server error (HTTP 503): retry later'))
          : Promise.resolve([
              { time, key: 'a', count: 1, bandwidth: 10 },
              { time, key: 'b', count: 2, bandwidth: 20 },
            ]),
      store: (_sourceId, _resolution, points) => {
        stored.push(...points);
        return Promise.resolve();
      },
    });
    expect(fill).toEqual({ filled: 2, remaining: 1, error: 'Qiniu stat/play/history/detail: server error (HTTP 503): retry later' });
    expect(stored.map((point) => `${point.stream}@${point.t / P}`).sort()).toEqual(['a@2', 'a@3', 'b@2', 'b@3']);
    // The failed period is asked again next time; the others are not.
    expect([...asked].sort()).toEqual([2 * P, 3 * P]);
  });
});
