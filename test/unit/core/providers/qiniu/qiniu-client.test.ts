import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../../electron/core/errors.ts';
import type { HttpClient, HttpRequest } from '../../../../../electron/core/http/http-client.ts';
import {
  QiniuClient,
  type QiniuClientOptions,
} from '../../../../../electron/core/providers/qiniu/qiniu-client.ts';
import { verifyQiniuToken } from '../../../../../electron/simulators/qiniu/qiniu-auth.ts';

const SECRET = 'sk-SECRET-4d1e7b0a9c';
const ACCESS = 'AK-test';
const NOW = Date.UTC(2026, 10, 23, 20, 7, 30);

type Answer = { status: number; text: string };

/** A fake network answering from a list (the last answer repeats) and recording every request. */
function fakeHttp(answers: Answer[] | ((request: HttpRequest, index: number) => Answer)) {
  const requests: HttpRequest[] = [];
  const http: HttpClient = (request) => {
    requests.push(request);
    const index = requests.length - 1;
    const answer =
      typeof answers === 'function'
        ? answers(request, index)
        : (answers[Math.min(index, answers.length - 1)] as Answer);
    return Promise.resolve({ status: answer.status, headers: new Headers(), text: answer.text });
  };
  return { http, requests };
}

function client(http: HttpClient, overrides: Partial<QiniuClientOptions> = {}): QiniuClient {
  return new QiniuClient({
    sourceId: 'pili',
    accessKey: ACCESS,
    secretKey: SECRET,
    hub: 'myhub',
    http,
    now: () => NOW,
    ...overrides,
  });
}

const json = (value: unknown, status = 200): Answer => ({ status, text: JSON.stringify(value) });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

/** Checks the request's token with the simulator's independent verifier, as the server would see it. */
function tokenValid(request: HttpRequest): boolean {
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return verifyQiniuToken(
    {
      method: request.method,
      target: request.url.pathname + request.url.search,
      rawPath: request.url.pathname,
      rawQuery: request.url.search.slice(1),
      query: request.url.searchParams,
      headers: { ...headers, host: request.url.host },
      body: Buffer.alloc(0),
      forceAuthFailure: false,
    },
    ACCESS,
    SECRET,
  );
}

const LIVE = {
  total: { count: 6, bandwidth: 5_000_000 },
  streams: {
    zeta: { count: 1, bandwidth: 979_176 },
    Alpha: { count: 2, bandwidth: 1_879_176 },
    beta: { bandwidth: 2_141_648, count: 3 },
  },
};

describe('QiniuClient requests', () => {
  it('sends a signed GET with the form Content-Type and no X-Qiniu headers', async () => {
    const { http, requests } = fakeHttp([json(LIVE)]);
    await client(http).live();
    const request = requests[0];
    expect(request?.method).toBe('GET');
    expect(request?.url.href).toBe('https://pili.qiniuapi.com/v2/hubs/myhub/stat/play');
    expect(request?.headers?.['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers?.['Authorization']).toMatch(/^Qiniu AK-test:[A-Za-z0-9_-]+=$/);
    expect(Object.keys(request?.headers ?? {}).filter((name) => /^x-qiniu/i.test(name))).toEqual([]);
    expect(request && tokenValid(request)).toBe(true);
  });

  it('percent-encodes a non-ASCII hub and signs the encoded path, port included in Host', async () => {
    const { http, requests } = fakeHttp([json(LIVE)]);
    await client(http, { hub: '直播 hub/1', baseUrl: 'https://pili.example.com:8443/' }).live();
    const request = requests[0] as HttpRequest;
    expect(request.url.pathname).toBe(`/v2/hubs/${encodeURIComponent('直播 hub/1')}/stat/play`);
    expect(request.url.host).toBe('pili.example.com:8443');
    expect(tokenValid(request)).toBe(true);
  });

  it('sends history bounds and a marker with reserved characters, signing the encoded query', async () => {
    const { http, requests } = fakeHttp((_request, index) =>
      index === 0
        ? json({ items: [{ time: 1_700_000_100, stats: { count: 4, bandwidth: 40 } }], marker: 'a/b+c==' })
        : json({ items: [{ time: 1_700_000_400, stats: { count: 5, bandwidth: 50 } }], marker: '' }),
    );
    const points = await client(http).history({ start: 1_700_000_000, end: 1_700_003_600, limit: 1 });
    expect(points).toEqual([
      { time: 1_700_000_100, count: 4, bandwidth: 40 },
      { time: 1_700_000_400, count: 5, bandwidth: 50 },
    ]);
    expect(requests[0]?.url.search).toBe('?start=1700000000&end=1700003600&limit=1');
    expect(requests[1]?.url.search).toBe('?start=1700000000&end=1700003600&limit=1&marker=a%2Fb%2Bc%3D%3D');
    expect(requests[1]?.url.searchParams.get('marker')).toBe('a/b+c==');
    expect(requests.every(tokenValid)).toBe(true);
  });

  it('refuses plain http to a remote host before sending anything, but allows loopback', async () => {
    const { http, requests } = fakeHttp([json(LIVE)]);
    const error = (() => {
      try {
        client(http, { baseUrl: 'http://pili.example.com/' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('config');
    expect((error as ProviderError).message).toMatch(/https is required/);
    await client(http, { baseUrl: 'http://127.0.0.1:9/' }).live();
    expect(requests[0]?.url.href).toBe('http://127.0.0.1:9/v2/hubs/myhub/stat/play');
  });

  it('refuses hub names that a URL would resolve away', () => {
    expect(() => client(fakeHttp([]).http, { hub: '..' })).toThrow(/hub: "\.\." is not a valid hub name/);
  });
});

describe('QiniuClient answers', () => {
  it('poll reports hub totals and every stream sorted by name, at the injected time', async () => {
    const reading = await client(fakeHttp([json(LIVE)]).http).poll();
    expect(reading).toEqual({
      at: NOW,
      viewers: 6,
      bandwidthBps: 5_000_000,
      streams: [
        { name: 'Alpha', viewers: 2, bandwidthBps: 1_879_176 },
        { name: 'beta', viewers: 3, bandwidthBps: 2_141_648 },
        { name: 'zeta', viewers: 1, bandwidthBps: 979_176 },
      ],
    });
  });

  it('reads an empty stream map as no streams, not an error', async () => {
    const reading = await client(
      fakeHttp([json({ total: { count: 0, bandwidth: 0 }, streams: {} })]).http,
    ).poll();
    expect(reading.streams).toEqual([]);
    expect(reading.viewers).toBe(0);
  });

  it('returns detail rows flattened', async () => {
    const body = {
      items: [{ time: 1_480_868_400, key: 'fe352d8a5', stats: { bandwidth: 2_139_564, count: 1 } }],
    };
    expect(await client(fakeHttp([json(body)]).http).detail(1_480_868_555)).toEqual([
      { time: 1_480_868_400, key: 'fe352d8a5', count: 1, bandwidth: 2_139_564 },
    ]);
  });

  it('treats "no data" (619) as an empty history and detail', async () => {
    const noData = json({ error: 'no data' }, 619);
    expect(await client(fakeHttp([noData]).http).history()).toEqual([]);
    expect(await client(fakeHttp([noData]).http).detail(1_700_000_000)).toEqual([]);
    const live = await failure(client(fakeHttp([noData]).http).live());
    expect(live.kind).toBe('provider');
  });

  it.each([
    [401, 'auth', /credentials rejected \(HTTP 401\)/],
    [612, 'config', /no such hub "myhub" \(HTTP 612\)/],
    [404, 'config', /no such hub "myhub" \(HTTP 404\)/],
    [500, 'upstream', /server error \(HTTP 500\)/],
    [503, 'upstream', /server error \(HTTP 503\)/],
    [429, 'upstream', /rate limited \(HTTP 429\)/],
    [400, 'provider', /HTTP 400: "invalid args"/],
  ] as const)('maps HTTP %i to %s', async (status, kind, message) => {
    const error = await failure(
      client(fakeHttp([json({ error: status === 400 ? 'invalid args' : 'x' }, status)]).http).live(),
    );
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    expect(error.status).toBe(status);
  });

  it('never shows the secret key, even when the provider echoes it back', async () => {
    const echo = json({ error: `bad request for ${SECRET}` }, 400);
    const errors = [
      await failure(client(fakeHttp([echo]).http).live()),
      await failure(client(fakeHttp([json({ error: SECRET }, 401)]).http).live()),
      await failure(client(fakeHttp([{ status: 200, text: `{"total":"${SECRET}"` }]).http).live()),
      await failure(
        client(fakeHttp([json({ total: { count: SECRET, bandwidth: 1 }, streams: {} })]).http).live(),
      ),
    ];
    for (const error of errors) {
      expect(error.message).not.toContain(SECRET);
      expect(JSON.stringify(error.toSourceError())).not.toContain(SECRET);
      expect(error.stack ?? '').not.toContain(SECRET);
    }
    expect(errors[0]?.message).toContain('[redacted]');
  });
});

describe('QiniuClient validation', () => {
  it.each([
    [
      'a stream count as a string',
      { ...LIVE, streams: { ...LIVE.streams, beta: { count: '3', bandwidth: 1 } } },
      /streams\.beta\.count: expected number, got string/,
    ],
    [
      'a negative bandwidth',
      { ...LIVE, streams: { s1: { count: 1, bandwidth: -5 } } },
      /streams\.s1\.bandwidth: must be at least 0/,
    ],
    ['a missing total', { streams: {} }, /total: required/],
    [
      'streams as a list',
      { total: LIVE.total, streams: [] },
      /streams: expected an object of streams by key/,
    ],
    ['a fractional live count', { total: { count: 1.5, bandwidth: 1 }, streams: {} }, /total\.count/],
  ])('rejects %s as invalid-response naming the field', async (_label, body, message) => {
    const error = await failure(client(fakeHttp([json(body)]).http).live());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(message);
  });

  it('rejects a cut-off body', async () => {
    const text = JSON.stringify(LIVE);
    const error = await failure(client(fakeHttp([{ status: 200, text: text.slice(0, 40) }]).http).live());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('names the history field that drifted', async () => {
    const body = { items: [{ time: '1700000100', stats: { count: 1, bandwidth: 1 } }], marker: '' };
    const error = await failure(client(fakeHttp([json(body)]).http).history());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/items\[0\]\.time: expected number, got string/);
  });

  it('stops when a page repeats an earlier marker', async () => {
    const markers = ['m1', 'm2', 'm1'];
    const { http, requests } = fakeHttp((_request, index) =>
      json({ items: [], marker: markers[index] ?? 'm1' }),
    );
    const error = await failure(client(http).history());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/repeated an earlier marker/);
    expect(requests).toHaveLength(3);
  });

  it('gives up after 1000 pages of ever-new markers', async () => {
    const { http, requests } = fakeHttp((_request, index) => json({ items: [], marker: `m${index}` }));
    const error = await failure(client(http).history());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/after 1000/);
    expect(requests).toHaveLength(1000);
  });
});
