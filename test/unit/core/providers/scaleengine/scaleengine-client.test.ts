import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../../electron/core/errors.ts';
import type { HttpClient, HttpRequest } from '../../../../../electron/core/http/http-client.ts';
import {
  SCALEENGINE_API,
  ScaleEngineClient,
  type ScaleEngineClientOptions,
} from '../../../../../electron/core/providers/scaleengine/scaleengine-client.ts';

const SECRET = 'se-secret-9f8e7d6c5b4a';
const API_KEY = 'PUBLICKEY123456';
const NOW = Date.UTC(2024, 4, 10, 19, 30, 17);

function fakeHttp(status: number, json: unknown, seen: HttpRequest[] = []): HttpClient {
  return (request) => {
    seen.push(request);
    return Promise.resolve({
      status,
      headers: new Headers(),
      text: typeof json === 'string' ? json : JSON.stringify(json),
    });
  };
}

function client(http: HttpClient, extra: Partial<ScaleEngineClientOptions> = {}): ScaleEngineClient {
  return new ScaleEngineClient({
    sourceId: 'se',
    apiKey: API_KEY,
    secretKey: SECRET,
    cdnId: 158,
    apps: ['demo-origin'],
    now: () => NOW,
    http,
    ...extra,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

function sentJson(request: HttpRequest | undefined): Record<string, unknown> {
  const body = request?.body;
  if (!(body instanceof URLSearchParams)) throw new Error('expected a urlencoded body');
  return JSON.parse(body.get('json') ?? 'null') as Record<string, unknown>;
}

const row = (app: string, url: string, avg: number, time: string) => ({
  app,
  video_url: url,
  viewer_count_avg: avg,
  viewer_count_min: avg,
  viewer_count_max: avg,
  viewer_count_sum: avg * 6,
  time,
});

describe('ScaleEngineClient requests', () => {
  it('POSTs one urlencoded json field to the stable endpoint, members in the documented order', async () => {
    const seen: HttpRequest[] = [];
    await client(fakeHttp(200, { status: 'success', data: [] }, seen)).viewerLog({
      graph: 2,
      starttime: '2024-05-10 00:00:00',
    });
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.url.href).toBe(`${SCALEENGINE_API.origin}${SCALEENGINE_API.rootPath}`);
    expect(request?.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
    const sent = sentJson(request);
    expect(Object.keys(sent)).toEqual([
      'command',
      'api_key',
      'timestamp',
      'cdn',
      'app',
      'graph',
      'starttime',
      'signature',
    ]);
    expect(sent).toMatchObject({
      command: 'viewer.log',
      api_key: API_KEY,
      timestamp: Math.floor(NOW / 1000),
      cdn: 158,
      app: 'demo-origin',
      graph: 2,
    });
  });

  it('sends one configured app and url as scalars, several as arrays, and query values as given', async () => {
    const seen: HttpRequest[] = [];
    const http = fakeHttp(200, { status: 'success', data: [] }, seen);
    await client(http, { apps: ['a', 7], urls: ['mystream_*'] }).viewerLog({ graph: 1 });
    await client(http, { apps: ['a'], urls: ['x', 'y/z.mp4'] }).viewerLog({ graph: 1 });
    await client(http).viewerLog({ graph: 1, apps: [9], urls: 'a|b*' });
    expect(seen.map(sentJson).map(({ app, url }) => ({ app, url }))).toEqual([
      { app: ['a', 7], url: 'mystream_*' },
      { app: 'a', url: ['x', 'y/z.mp4'] },
      { app: [9], url: 'a|b*' },
    ]);
  });

  it('refuses a malformed starttime before sending anything', async () => {
    const seen: HttpRequest[] = [];
    const error = await failureOf(
      client(fakeHttp(200, {}, seen)).viewerLog({ graph: 1, starttime: '2024-05-10T00:00:00Z' }),
    );
    expect(error.kind).toBe('config');
    expect(error.message).toMatch(/starttime/);
    expect(seen).toHaveLength(0);
  });

  it('requires https unless the host is this machine', () => {
    const attempt = (baseUrl: string) => () => client(fakeHttp(200, {}), { baseUrl });
    expect(attempt('http://api.scaleengine.net/stable/')).toThrow(/https is required/);
    expect(attempt('http://127.0.0.1:9/stable/')).not.toThrow();
    expect(attempt('https://se.example.com/stable/')).not.toThrow();
  });
});

describe('ScaleEngineClient answers', () => {
  it.each([
    ['0001', 'auth', /CDN authorization failed: check apiKey and cdnId/],
    ['0003', 'auth', /signature rejected: check the secret key/],
    ['0005', 'auth', /unauthorized/],
    ['0002', 'provider', /clock is probably off/],
    ['1000', 'upstream', /busy: retry later/],
    ['0000', 'provider', /Unknown command.*code 0000/],
    ['0006', 'provider', /code 0006/],
  ])('maps failure code %s (HTTP 200) to %s', async (code, kind, message) => {
    const body = { status: 'failure', message: code === '0000' ? 'Unknown command' : 'nope', code };
    const error = await failureOf(client(fakeHttp(200, body)).viewerLog({ graph: 1 }));
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    expect(error.providerCode).toBe(code);
  });

  it('reads a numeric code as the documented four digits', async () => {
    const error = await failureOf(
      client(fakeHttp(200, { status: 'failure', message: 'x', code: 3 })).viewerLog({ graph: 1 }),
    );
    expect(error.kind).toBe('auth');
    expect(error.providerCode).toBe('0003');
  });

  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [429, 'upstream'],
    [500, 'upstream'],
    [503, 'upstream'],
    [404, 'provider'],
  ])('maps HTTP %i to %s', async (status, kind) => {
    const error = await failureOf(client(fakeHttp(status, '<html>oops</html>')).viewerLog({ graph: 1 }));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
  });

  it('never repeats the secret key or API key, even when the provider echoes them', async () => {
    const echo = { status: 'failure', message: `bad signature for ${API_KEY} using ${SECRET}`, code: '0003' };
    const error = await failureOf(client(fakeHttp(200, echo)).viewerLog({ graph: 1 }));
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).toContain('[redacted]');
  });

  it('names the field when a row does not have the documented shape', async () => {
    const bad = {
      status: 'success',
      data: [{ ...row('a', 's', 1, '2024-05-10 19:29:00'), viewer_count_avg: undefined }],
    };
    const error = await failureOf(client(fakeHttp(200, bad)).viewerLog({ graph: 1 }));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('data[0].viewer_count_avg: required');
  });

  it('keeps the provider time string and adds the UTC epoch ms, reading numeric strings as numbers', async () => {
    const data = [{ ...row('a', 's', 1, '2024-05-10 19:29:00'), viewer_count_avg: '12' }];
    const [first] = await client(
      fakeHttp(200, { status: 'success', data, handle_time: '0.3795 seconds' }),
    ).viewerLog({ graph: 1 });
    expect(first).toMatchObject({
      time: '2024-05-10 19:29:00',
      timeMs: Date.UTC(2024, 4, 10, 19, 29),
      viewer_count_avg: 12,
    });
  });
});

describe('ScaleEngineClient.poll', () => {
  it('reports the newest minute: one stream per row, named with its app when the source watches several apps', async () => {
    const data = [
      row('demo-origin', 'mystream_720p', 400, '2024-05-10 19:27:00'),
      row('demo-origin', 'mystream_720p', 410, '2024-05-10 19:28:00'),
      row('events', 'mystream_720p', 90, '2024-05-10 19:28:00'),
      row('demo-origin', 'sestore3/user/path/file.mp4', 12, '2024-05-10 19:28:00'),
      row('events', 'keynote_main', 1500, '2024-05-10 19:27:00'),
    ];
    const reading = await client(fakeHttp(200, { status: 'success', data }), {
      apps: ['demo-origin', 'events'],
    }).poll();
    expect(reading).toEqual({
      at: Date.UTC(2024, 4, 10, 19, 28),
      viewers: 512,
      bandwidthBps: null,
      streams: [
        { name: 'demo-origin/mystream_720p', viewers: 410, bandwidthBps: null },
        { name: 'events/mystream_720p', viewers: 90, bandwidthBps: null },
        { name: 'demo-origin/sestore3/user/path/file.mp4', viewers: 12, bandwidthBps: null },
      ],
    });
  });

  it('names streams by their URL alone when the source watches one app', async () => {
    const data = [row('demo-origin', 'mystream_720p', 410, '2024-05-10 19:28:00')];
    const reading = await client(fakeHttp(200, { status: 'success', data }), {
      apps: ['demo-origin'],
    }).poll();
    expect(reading.streams).toEqual([{ name: 'mystream_720p', viewers: 410, bandwidthBps: null }]);
  });

  it('asks for graph 1 of the configured apps and urls', async () => {
    const seen: HttpRequest[] = [];
    await client(fakeHttp(200, { status: 'success', data: [] }, seen), {
      apps: ['a', 'b'],
      urls: ['x*'],
    }).poll();
    // Only the last quarter hour is asked for: the live figure needs no more than the newest minute.
    expect(sentJson(seen[0])).toMatchObject({ graph: 1, app: ['a', 'b'], url: 'x*' });
    const starttime = (sentJson(seen[0]) as { starttime?: string }).starttime ?? '';
    expect(Date.parse(`${starttime.replace(' ', 'T')}Z`)).toBe(NOW - 15 * 60_000);
  });

  it('reports 0 viewers and no streams when the newest minute is more than 15 minutes old or nothing was logged', async () => {
    const stale = [row('a', 's', 50, '2024-05-10 19:15:00')];
    const fresh = [row('a', 's', 50, '2024-05-10 19:16:00')];
    expect(await client(fakeHttp(200, { status: 'success', data: stale })).poll()).toEqual({
      at: NOW,
      viewers: 0,
      bandwidthBps: null,
      streams: [],
    });
    expect((await client(fakeHttp(200, { status: 'success', data: fresh })).poll()).viewers).toBe(50);
    expect(await client(fakeHttp(200, { status: 'success', data: [] })).poll()).toEqual({
      at: NOW,
      viewers: 0,
      bandwidthBps: null,
      streams: [],
    });
  });
});
