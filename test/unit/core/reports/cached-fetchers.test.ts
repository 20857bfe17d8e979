import { describe, expect, it } from 'vitest';
import type { QiniuSourceConfig } from '../../../../shared/config.ts';
import { ProviderError } from '../../../../electron/core/errors.ts';
import { cachedReportFetchers, HISTORY_TTL_MS } from '../../../../electron/core/reports/cached-fetchers.ts';
import type { ReportFetchers } from '../../../../electron/core/reports/report-fetchers.ts';

const pili: QiniuSourceConfig = { id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'h' };
const span = { start: 1_700_000_000, end: 1_700_086_399 };

function counting(fail = false) {
  let calls = 0;
  const fetchers: ReportFetchers = {
    wmspanelDaily: () => Promise.resolve([]),
    qiniuHistory: () => {
      calls += 1;
      return fail
        ? Promise.reject(new ProviderError('upstream', 'server error (HTTP 503)'))
        : Promise.resolve([{ time: span.start, count: calls, bandwidth: 1 }]);
    },
    scaleEngineViewerLog: () => Promise.resolve([]),
  };
  return { fetchers, calls: () => calls };
}

describe('report history, remembered briefly', () => {
  it('asks the provider once for the same history within five minutes, and again after', async () => {
    let now = 0;
    const provider = counting();
    const cached = cachedReportFetchers(provider.fetchers, { now: () => now });
    await Promise.all([cached.qiniuHistory(pili, span), cached.qiniuHistory(pili, span)]);
    now = HISTORY_TTL_MS - 1;
    expect(await cached.qiniuHistory(pili, span)).toEqual([{ time: span.start, count: 1, bandwidth: 1 }]);
    expect(provider.calls()).toBe(1);
    now = HISTORY_TTL_MS;
    expect((await cached.qiniuHistory(pili, span))[0]?.count).toBe(2);
  });

  it('asks again for another range or a changed source, and after a failure', async () => {
    const provider = counting();
    const cached = cachedReportFetchers(provider.fetchers, { now: () => 0 });
    await cached.qiniuHistory(pili, span);
    await cached.qiniuHistory(pili, { ...span, end: span.end + 86_400 });
    await cached.qiniuHistory({ ...pili, hub: 'other' }, span);
    expect(provider.calls()).toBe(3);

    const failing = counting(true);
    const once = cachedReportFetchers(failing.fetchers, { now: () => 0 });
    await expect(once.qiniuHistory(pili, span)).rejects.toThrow('HTTP 503');
    await expect(once.qiniuHistory(pili, span)).rejects.toThrow('HTTP 503');
    expect(failing.calls()).toBe(2);
  });
});
