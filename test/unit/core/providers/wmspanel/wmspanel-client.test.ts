import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../../electron/core/errors.ts';
import type {
  HttpClient,
  HttpRequest,
  RequestOptions,
} from '../../../../../electron/core/http/http-client.ts';
import {
  WMSPANEL_API,
  WmspanelClient,
} from '../../../../../electron/core/providers/wmspanel/wmspanel-client.ts';

const API_KEY = 'UNIT-KEY-a&b=c/+?';

function row(date: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    date,
    viewers: 96,
    hls_viewers: 51,
    hds_viewers: 0,
    smooth_viewers: 0,
    rtsp_viewers: 6,
    rtmp_viewers: 39,
    mgh_viewers: 0,
    dash_viewers: 0,
    dvr_viewers: 0,
    ice_viewers: 0,
    pd_viewers: 0,
    message_in: 0,
    message_out: 0,
    message_lost: 0,
    max_message_in_rate: 51_425_008,
    max_message_out_rate: 370_556_200,
    total_view_time: 31_044,
    ...extra,
  };
}

/** A stand-in for the network that answers one body and records what was asked. */
function fakeHttp(status: number, body: unknown) {
  const calls: { request: HttpRequest; options: RequestOptions }[] = [];
  const http: HttpClient = (request, options) => {
    calls.push({ request, options });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return Promise.resolve({ status, headers: new Headers(), text });
  };
  return { http, calls };
}

function client(http: HttpClient, baseUrl?: string) {
  return new WmspanelClient({ sourceId: 'wms', clientId: 'cid', apiKey: API_KEY, http, baseUrl });
}

describe('WmspanelClient requests', () => {
  it('calls the public API over https by default, with a 10 s timeout', async () => {
    const { http, calls } = fakeHttp(200, { status: 'Ok', data_slices: [] });
    await client(http).dataSlices();
    const [call] = calls;
    if (!call) throw new Error('no request made');
    expect(call.request.url.origin + call.request.url.pathname).toBe(`${WMSPANEL_API.origin}${WMSPANEL_API.rootPath}data_slices`);
    expect(call.request.method).toBe('GET');
    expect(call.options.timeoutMs).toBe(10_000);
  });

  it('resolves calls beneath a white-label base path and encodes the key in the query', async () => {
    const { http, calls } = fakeHttp(200, { status: 'Ok', stats: [] });
    await client(http, 'https://stats.example.com/panel/v1').dailyStats({
      from: '2024-05-01',
      to: '2024-05-02',
      server: 's 1',
    });
    const url = calls[0]?.request.url;
    expect(url?.pathname).toBe('/panel/v1/daily_stats');
    expect(url?.searchParams.get('api_key')).toBe(API_KEY);
    expect(url?.searchParams.get('server')).toBe('s 1');
    expect(url?.searchParams.has('data_slice')).toBe(false);
  });
});

describe('WmspanelClient answers', () => {
  it('keeps documented fields and extra *_viewers, drops anything else, and sorts by date', async () => {
    const body = {
      status: 'Ok',
      stats: [
        row('2014-10-20', { wowza_viewers: 3, _id: 'internal' }),
        row('2014-10-17', { wowza_viewers: 1 }),
      ],
    };
    const rows = await client(fakeHttp(200, body).http).dailyStats({ from: '2014-10-01', to: '2014-10-31' });
    expect(rows.map((r) => r.date)).toEqual(['2014-10-17', '2014-10-20']);
    expect(rows[1]).toEqual(row('2014-10-20', { wowza_viewers: 3 }));
  });

  it('refuses an extra *_viewers counter that is not a count', async () => {
    const body = { status: 'Ok', stats: [row('2014-10-20', { wowza_viewers: -1 })] };
    await expect(
      client(fakeHttp(200, body).http).dailyStats({ from: '2014-10-01', to: '2014-10-31' }),
    ).rejects.toThrow(/stats\[0\]\.wowza_viewers/);
  });

  it("passes the provider's failure message on, with the key removed if it was echoed", async () => {
    const body = { status: 'Error', message: `API key ${API_KEY} is blocked` };
    const error = await client(fakeHttp(200, body).http)
      .dataSlices()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'provider', providerCode: 'Error' });
    expect((error as ProviderError).message).toMatch(/status "Error": API key \[redacted\] is blocked/);
    expect((error as ProviderError).message).not.toContain(API_KEY);
  });

  it('reads a missing status as an invalid response, naming the field', async () => {
    await expect(client(fakeHttp(200, { data_slices: [] }).http).dataSlices()).rejects.toThrow(
      expect.objectContaining({
        kind: 'invalid-response',
        message: 'WMSPanel data_slices: unexpected response: status: required',
      }),
    );
  });

  it('does not read the body of a 403 (the provider cannot say which cause it was)', async () => {
    const error = await client(fakeHttp(403, 'not json at all').http)
      .dataSlices()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', status: 403 });
  });
});
