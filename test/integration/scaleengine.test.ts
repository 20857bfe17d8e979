import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../electron/core/errors.ts';
import {
  ScaleEngineClient,
  type ScaleEngineClientOptions,
} from '../../electron/core/providers/scaleengine/scaleengine-client.ts';
import { signViewerLogRequest } from '../../electron/core/providers/scaleengine/scaleengine-signature.ts';
import { viewersAt } from '../../electron/simulators/common/audience.ts';
import {
  startScaleEngineSimulator,
  type ScaleEngineSimulator,
} from '../../electron/simulators/scaleengine/scaleengine-simulator.ts';
import { audienceKey } from '../../electron/simulators/scaleengine/viewer-log-data.ts';

const API_KEY = 'APX4GKLM0RKQLSP2FBO1ROPKSSW47DZE';
const SECRET = 'integration-secret-4b1d2c3e';
const NOW = Date.UTC(2024, 4, 10, 19, 30, 17);
const SEED = 'integration';
let sim: ScaleEngineSimulator;
const messages: string[] = [];

beforeAll(async () => {
  sim = await startScaleEngineSimulator({
    apiKey: API_KEY,
    secretKey: SECRET,
    cdnId: 158,
    seed: SEED,
    now: () => NOW,
  });
});
afterAll(async () => {
  await sim.close();
  // Every error any test saw, checked once: the secret key is only ever an HMAC key.
  expect(messages.length).toBeGreaterThan(10);
  for (const message of messages) expect(message).not.toContain(SECRET);
});
beforeEach(() => sim.faults.clear());

function client(extra: Partial<ScaleEngineClientOptions> = {}): ScaleEngineClient {
  return new ScaleEngineClient({
    sourceId: 'se',
    apiKey: API_KEY,
    secretKey: SECRET,
    cdnId: 158,
    apps: ['demo-origin', 'events'],
    baseUrl: `${sim.origin}/stable/`,
    now: () => NOW,
    ...extra,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  messages.push(error.message);
  return error;
}

const pairs = (rows: { app: string; video_url: string }[]) =>
  [...new Set(rows.map((row) => `${row.app} ${row.video_url}`))].sort();

async function postJson(
  json: string,
  type: 'urlencoded' | 'multipart' = 'urlencoded',
): Promise<{ status: string; code?: string; message?: string }> {
  let body: URLSearchParams | FormData;
  if (type === 'urlencoded') body = new URLSearchParams({ json });
  else {
    body = new FormData();
    body.set('json', json);
  }
  const response = await fetch(`${sim.origin}/stable/`, { method: 'POST', body });
  return (await response.json()) as { status: string; code?: string; message?: string };
}

describe('ScaleEngine client against the simulator', () => {
  it('selects apps by name, id or array and urls by name, pipe list, wildcard or array', async () => {
    const c = client();
    expect(pairs(await c.viewerLog({ graph: 1, apps: 'events' }))).toEqual([
      'events keynote_main',
      'events mystream_720p',
      'events sestore3/user/events/replay-2024.mp4',
    ]);
    expect(pairs(await c.viewerLog({ graph: 1, apps: 10158, urls: 'mystream_*' }))).toEqual([
      'demo-origin mystream_360p',
      'demo-origin mystream_720p',
    ]);
    expect(
      pairs(
        await c.viewerLog({
          graph: 1,
          apps: ['demo-origin', 10159],
          urls: 'mystream_720p|sestore3/user/path/file.mp4',
        }),
      ),
    ).toEqual([
      'demo-origin mystream_720p',
      'demo-origin sestore3/user/path/file.mp4',
      'events mystream_720p',
    ]);
    expect(pairs(await c.viewerLog({ graph: 1, urls: ['keynote_main', 'sestore3/*/trailer.mp4'] }))).toEqual([
      'demo-origin sestore3/user/path/trailer.mp4',
      'events keynote_main',
    ]);
  });

  it('returns the rows the simulator served, with a parsed UTC time', async () => {
    const rows = await client().viewerLog({ graph: 3, starttime: '2024-05-08 00:00:00' });
    const served = JSON.parse(sim.served.at(-1)?.body ?? '{}') as { data: Record<string, unknown>[] };
    expect(rows.map(({ timeMs: _t, ...row }) => row)).toEqual(served.data);
    expect(rows[0]?.timeMs).toBe(Date.UTC(2024, 4, 8));
  });

  it('poll reports the newest minute the simulator served, with bandwidth unknown', async () => {
    const reading = await client().poll();
    const served = JSON.parse(sim.served.at(-1)?.body ?? '{}') as {
      data: { app: string; video_url: string; viewer_count_avg: number; time: string }[];
    };
    const newest = served.data.reduce((max, row) => (row.time > max ? row.time : max), '');
    const latest = served.data.filter((row) => row.time === newest);
    expect(latest.length).toBeGreaterThan(0);
    expect(reading.at).toBe(Date.parse(`${newest.replace(' ', 'T')}Z`));
    expect(reading.viewers).toBe(latest.reduce((sum, row) => sum + row.viewer_count_avg, 0));
    expect(reading.bandwidthBps).toBeNull();
    expect(reading.streams).toHaveLength(latest.length);
    for (const row of latest) {
      const expected = viewersAt(SEED, audienceKey(row.app, row.video_url), reading.at);
      const stream = reading.streams.find(
        (s) => s.name === row.video_url || s.name === `${row.app}/${row.video_url}`,
      );
      expect(stream).toEqual({ name: expect.any(String) as string, viewers: expected, bandwidthBps: null });
    }
  });

  it('accepts the documented computed vector, urlencoded and multipart', async () => {
    const vectorSim = await startScaleEngineSimulator({
      apiKey: API_KEY,
      secretKey: '8fc8c48da81e6a2a06a9556379bf798af508dc0792497c678b4c3532ba8b637f',
      cdnId: 158,
      now: () => 1_700_000_000_000,
    });
    try {
      const body =
        '{"command":"viewer.log","api_key":"APX4GKLM0RKQLSP2FBO1ROPKSSW47DZE","timestamp":1700000000,"cdn":158,"app":"demo-origin","graph":1,' +
        '"url":"sestore3\\/username\\/path\\/filename.mp4","starttime":"2014-09-21 15:00:00","signature":"UBRtdJayJWvoE2wJ4dxdLk2Km+Yo1\\/ZZPcgUiUba6p0="}';
      for (const type of ['urlencoded', 'multipart'] as const) {
        const form = type === 'urlencoded' ? new URLSearchParams({ json: body }) : new FormData();
        if (form instanceof FormData) form.set('json', body);
        const answer = (await (
          await fetch(`${vectorSim.origin}/stable/`, { method: 'POST', body: form })
        ).json()) as { status: string };
        expect(answer.status).toBe('success');
      }
    } finally {
      await vectorSim.close();
    }
  });

  it('rejects a JSON.stringify signature once a value holds "/" or non-ASCII, and accepts it otherwise', async () => {
    const request = (url: string) => ({
      command: 'viewer.log',
      api_key: API_KEY,
      timestamp: NOW / 1000 - 17,
      cdn: 158,
      app: 'demo-origin',
      graph: 1,
      url,
    });
    const naive = (url: string) => {
      const r = request(url);
      const signature = createHmac('sha256', SECRET).update(JSON.stringify(r)).digest('base64');
      return JSON.stringify({ ...r, signature });
    };
    expect((await postJson(naive('mystream_720p'))).status).toBe('success');
    expect(await postJson(naive('sestore3/user/path/file.mp4'))).toMatchObject({
      status: 'failure',
      code: '0003',
    });
    expect(await postJson(naive('直播'))).toMatchObject({ status: 'failure', code: '0003' });
    // The client's bytes for the same requests pass, also as multipart.
    const signed = signViewerLogRequest(
      { ...request('直播/sestore3/a?b=c&d#e%+f'), command: 'viewer.log', graph: 1 },
      SECRET,
    );
    expect((await postJson(signed.body, 'multipart')).status).toBe('success');
  });

  it('answers unknown commands with 0000 and missing fields with 0006', async () => {
    expect(await postJson('{"command":"video.list"}')).toMatchObject({ code: '0006' });
    const unknown = signViewerLogRequest(
      { command: 'viewer.log', api_key: API_KEY, timestamp: NOW / 1000 - 17, cdn: 158, app: 'x', graph: 1 },
      SECRET,
    );
    expect(await postJson(unknown.body.replace('viewer.log', 'viewer.nope'))).toMatchObject({ code: '0000' });
    expect(await postJson('not json')).toMatchObject({ status: 'failure', code: '0004' });
  });
});

describe('ScaleEngine failures as the operator sees them', () => {
  it.each([
    ['a wrong API key', { apiKey: 'WRONGKEY0000' }, 'auth', /CDN authorization failed/],
    ['a wrong CDN id', { cdnId: 159 }, 'auth', /CDN authorization failed/],
    ['a wrong secret key', { secretKey: 'not-the-secret' }, 'auth', /signature rejected/],
    ['a clock 10 minutes fast', { now: () => NOW + 600_000 }, 'provider', /clock is probably off/],
    ['an app outside the account', { apps: ['someone-else'] }, 'auth', /unauthorized/],
  ] as const)('%s', async (_label, options, kind, message) => {
    const error = await failureOf(client(options).poll());
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('accepts a clock within the tolerance', async () => {
    await expect(client({ now: () => NOW - 290_000 }).viewerLog({ graph: 1 })).resolves.toBeInstanceOf(Array);
  });

  it('reports busy servers as upstream and recovers', async () => {
    sim.busyNext(1);
    const error = await failureOf(client().poll());
    expect(error).toMatchObject({ kind: 'upstream', providerCode: '1000' });
    await expect(client().poll()).resolves.toMatchObject({ bandwidthBps: null });
  });

  it.each([
    [{ kind: 'status', status: 503 }, 'upstream'],
    [{ kind: 'status', status: 429 }, 'upstream'],
    [{ kind: 'status', status: 403 }, 'auth'],
    [{ kind: 'malformed-json' }, 'invalid-response'],
    [{ kind: 'truncated' }, 'invalid-response'],
    [{ kind: 'schema-drift' }, 'invalid-response'],
    [{ kind: 'wrong-credentials' }, 'auth'],
  ] as const)('fault %o → %s', async (fault, kind) => {
    sim.faults.push(fault);
    const error = await failureOf(client().poll());
    expect(error.kind).toBe(kind);
  });

  it('a slow answer is a timeout', async () => {
    sim.faults.push({ kind: 'latency', ms: 2_000 });
    const error = await failureOf(client({ timeoutMs: 150 }).poll());
    expect(error.kind).toBe('timeout');
  });

  it('an unreachable host is a network error', async () => {
    const error = await failureOf(client({ baseUrl: 'http://127.0.0.1:1/stable/' }).poll());
    expect(error.kind).toBe('network');
  });
});
