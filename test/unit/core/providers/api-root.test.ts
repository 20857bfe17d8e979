import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/core/errors.ts';
import type { HttpClient } from '../../../../electron/core/http/http-client.ts';
import type { Provider } from '../../../../electron/core/providers/provider.ts';
import { QiniuClient } from '../../../../electron/core/providers/qiniu/qiniu-client.ts';
import { ScaleEngineClient } from '../../../../electron/core/providers/scaleengine/scaleengine-client.ts';
import {
  DATA_SLICE_CHECK_MS,
  WmspanelClient,
} from '../../../../electron/core/providers/wmspanel/wmspanel-client.ts';

// `baseUrl` may be an origin or the full API root, for every provider: both reach the documented path.

function recording(status = 200, body = '{}') {
  const urls: URL[] = [];
  const http: HttpClient = (request) => {
    urls.push(request.url);
    return Promise.resolve({ status, headers: new Headers(), text: body });
  };
  return { http, urls };
}

const PROVIDERS: Record<string, { make: (http: HttpClient, baseUrl?: string) => Provider; path: string; ok: string }> = {
  wmspanel: {
    make: (http, baseUrl) => new WmspanelClient({ sourceId: 'wms', clientId: 'c', apiKey: 'k', http, baseUrl }),
    path: '/v1/data_slices',
    ok: JSON.stringify({ status: 'Ok', data_slices: [] }),
  },
  scaleengine: {
    make: (http, baseUrl) =>
      new ScaleEngineClient({ sourceId: 'se', apiKey: 'pk', secretKey: 'sk', cdnId: 1, apps: ['a'], http, baseUrl }),
    path: '/stable/',
    ok: JSON.stringify({ status: 'success', message: '', data: [] }),
  },
  qiniu: {
    make: (http, baseUrl) => new QiniuClient({ sourceId: 'pili', accessKey: 'ak', secretKey: 'sk', hub: 'hub1', http, baseUrl }),
    path: '/v2/hubs/hub1/stat/play',
    ok: JSON.stringify({ total: { count: 0, bandwidth: 0 }, streams: {} }),
  },
};

describe.each(Object.entries(PROVIDERS))('%s baseUrl', (_name, provider) => {
  const root = provider.path.slice(0, provider.path.indexOf('/', 1) + 1);
  it.each([
    ['an origin', 'https://api.example.com', `https://api.example.com${provider.path}`],
    ['an origin with a slash', 'https://api.example.com/', `https://api.example.com${provider.path}`],
    ['the full API root', `https://api.example.com${root}`, `https://api.example.com${provider.path}`],
    ['the full API root without its slash', `https://api.example.com${root.slice(0, -1)}`, `https://api.example.com${provider.path}`],
    ['a prefix on a private deployment', 'https://example.com/streaming/', `https://example.com/streaming${provider.path}`],
    ['a loopback simulator', 'http://127.0.0.1:9000', `http://127.0.0.1:9000${provider.path}`],
  ])('works as %s', async (_what, baseUrl, expected) => {
    const { http, urls } = recording(200, provider.ok);
    await provider.make(http, baseUrl).poll();
    expect(`${urls[0]?.origin ?? ''}${urls[0]?.pathname ?? ''}`).toBe(expected);
  });

  it('refuses plain http to another machine before sending anything', () => {
    const { http } = recording();
    expect(() => provider.make(http, 'http://api.example.com')).toThrow(/https is required/);
    expect(() => provider.make(http, 'http://api.example.com')).toThrow(ProviderError);
  });
});

describe('rejected credentials are auth errors', () => {
  it.each([
    ['wmspanel', 401],
    ['wmspanel', 403],
    ['qiniu', 401],
    ['qiniu', 403],
    ['scaleengine', 401],
    ['scaleengine', 403],
  ])('%s answering HTTP %i', async (name, status) => {
    const { http } = recording(status, JSON.stringify({ error: 'bad token' }));
    const polled = PROVIDERS[name]?.make(http).poll();
    await expect(polled).rejects.toMatchObject({ kind: 'auth' });
    await expect(polled).rejects.toThrow(`credentials rejected (HTTP ${status})`);
  });
});

describe('WMSPanel polling', () => {
  it('checks the data slices at start and then hourly, not on every poll', async () => {
    let now = Date.UTC(2026, 11, 1, 12, 0, 0);
    const { http, urls } = recording(200, PROVIDERS['wmspanel']?.ok);
    const wms = new WmspanelClient({ sourceId: 'wms', clientId: 'c', apiKey: 'k', http, now: () => now });
    for (let poll = 0; poll < 120; poll += 1) {
      await wms.poll();
      now += 30_000;
    }
    expect(urls).toHaveLength(1);
    now += DATA_SLICE_CHECK_MS;
    await wms.poll();
    expect(urls).toHaveLength(2);
  });
});
