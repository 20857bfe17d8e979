import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../electron/core/errors.ts';
import { QiniuClient, type QiniuClientOptions } from '../../electron/core/providers/qiniu/qiniu-client.ts';
import { bitrateOf, isLive, streamNames, viewersAt } from '../../electron/simulators/common/audience.ts';
import type { Fault } from '../../electron/simulators/common/faults.ts';
import { startQiniuSimulator, type QiniuSimulator } from '../../electron/simulators/qiniu/qiniu-simulator.ts';

const ACCESS = 'AK-integration';
const SECRET = 'SK-integration-9b2f61e07a';
const HUB = '直播-hub';
// 20:07:30 UTC, the evening peak, so most streams have viewers.
const NOW = Date.UTC(2026, 10, 23, 20, 7, 30);
const NOW_S = NOW / 1000;

let sim: QiniuSimulator;
beforeAll(async () => {
  sim = await startQiniuSimulator({
    accessKey: ACCESS,
    secretKey: SECRET,
    hub: HUB,
    streams: 60,
    seed: 'it',
    now: () => NOW,
  });
});
afterAll(() => sim.close());

function client(overrides: Partial<QiniuClientOptions> = {}): QiniuClient {
  return new QiniuClient({
    sourceId: 'pili',
    accessKey: ACCESS,
    secretKey: SECRET,
    hub: HUB,
    baseUrl: sim.origin,
    now: () => NOW,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

function lastServed(path: string) {
  const entry = [...sim.served].reverse().find((served) => served.target.includes(path));
  if (!entry) throw new Error(`nothing served for ${path}`);
  return entry;
}

describe('QiniuClient against the simulator', () => {
  it('reads exactly what /stat/play served, equal to liveAt(now)', async () => {
    const live = await client().live();
    const expected = sim.liveAt(NOW);
    expect(live.total).toEqual(expected.total);
    expect(live.streams).toEqual(
      Object.entries(expected.streams)
        .map(([key, stat]) => ({ key, ...stat }))
        .sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    const served = JSON.parse(lastServed('/stat/play').body) as typeof expected;
    expect(served).toEqual(expected);
    expect(live.streams.length).toBeGreaterThan(30);
  });

  it('poll gives the hub totals as the reading', async () => {
    const reading = await client().poll();
    const expected = sim.liveAt(NOW);
    expect(reading.at).toBe(NOW);
    expect(reading.viewers).toBe(expected.total.count);
    expect(reading.bandwidthBps).toBe(expected.total.bandwidth);
    expect(reading.viewers).toBe(reading.streams.reduce((sum, s) => sum + (s.viewers ?? 0), 0));
  });

  it('follows markers across pages and returns the same series as one big page', async () => {
    const range = { start: NOW_S - 3 * 3600, end: NOW_S };
    const before = sim.served.length;
    const paged = await client().history({ ...range, limit: 7 });
    const pages = sim.served.slice(before);
    const whole = await client().history({ ...range, limit: 1000 });
    expect(pages.length).toBe(Math.ceil(whole.length / 7));
    expect(pages.length).toBeGreaterThan(4);
    expect(pages.slice(1).every((page) => /[?&]marker=[^&]+/.test(page.target))).toBe(true);
    expect(paged).toEqual(whole);
    // 17:10 … 20:00: buckets starting inside the range and already complete (20:05 is still running).
    expect(whole.length).toBe(35);
    expect(whole[0]?.time).toBe(Date.UTC(2026, 10, 23, 17, 10) / 1000);
    expect(whole.every((point, i) => i === 0 || point.time - (whole[i - 1]?.time ?? 0) === 300)).toBe(true);
  });

  it('uses the provider defaults (the last hour) when no range is given', async () => {
    const points = await client().history();
    // 19:10 … 20:00 for a window 19:07:30 – 20:07:30.
    expect(points.length).toBe(11);
    expect(points.at(-1)?.time).toBe(Math.floor(NOW_S / 300) * 300 - 300);
  });

  it('reads detail for the bucket containing a time, matching what was served', async () => {
    const time = NOW_S - 1800 + 123;
    const rows = await client().detail(time);
    const served = JSON.parse(lastServed('/detail').body) as {
      items: { time: number; key: string; stats: { count: number; bandwidth: number } }[];
    };
    expect(rows).toEqual(served.items.map((item) => ({ time: item.time, key: item.key, ...item.stats })));
    expect(rows.length).toBeGreaterThan(30);
    expect(rows.every((row) => row.time === Math.floor(time / 300) * 300)).toBe(true);
  });

  it("detail is each on-air stream's mean of five per-minute samples; streams off air are absent", async () => {
    const bucket = Math.floor((NOW_S - 3600) / 300) * 300;
    const rows = await client().detail(bucket + 299);
    const minutes = [0, 1, 2, 3, 4].map((i) => bucket * 1000 + i * 60_000);
    const names = streamNames('s', 60).filter((name) => isLive('it', name, bucket * 1000));
    expect(rows.map((row) => row.key)).toEqual(names);
    for (const row of rows) {
      const mean = minutes.reduce((sum, minute) => sum + viewersAt('it', row.key, minute), 0) / 5;
      expect(row.count).toBe(Math.round(mean));
      expect(row.bandwidth).toBe(Math.round(mean * bitrateOf('it', row.key)));
    }
  });

  it('reads "no data" (619) for a bucket not written yet as an empty detail', async () => {
    expect(await client().detail(NOW_S + 600)).toEqual([]);
    expect(lastServed('/detail').status).toBe(619);
  });
});

describe('QiniuClient errors against the simulator', () => {
  it('maps a wrong secret key to auth, without showing it', async () => {
    const wrongSecret = 'SK-wrong-0000000000';
    const error = await failure(client({ secretKey: wrongSecret }).live());
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).not.toContain(wrongSecret);
  });

  it('maps an unknown hub (612) to config, naming the hub', async () => {
    const error = await failure(client({ hub: 'nohub' }).live());
    expect(error.kind).toBe('config');
    expect(error.message).toMatch(/no such hub "nohub" \(HTTP 612\)/);
  });

  it.each<[string, Fault, string, RegExp]>([
    ['a 502', { kind: 'status', status: 502 }, 'upstream', /HTTP 502/],
    ['a 429', { kind: 'status', status: 429 }, 'upstream', /rate limited/],
    ['a 404', { kind: 'status', status: 404 }, 'config', /no such hub/],
    ['malformed JSON', { kind: 'malformed-json' }, 'invalid-response', /not valid JSON/],
    ['a truncated body', { kind: 'truncated' }, 'invalid-response', /not valid JSON/],
    [
      'schema drift',
      { kind: 'schema-drift' },
      'invalid-response',
      /total\.count: expected number, got string/,
    ],
    ['wrong credentials', { kind: 'wrong-credentials' }, 'auth', /HTTP 401/],
  ])('maps %s to its error kind', async (_label, fault, kind, message) => {
    sim.faults.push(fault, 1);
    const error = await failure(client().poll());
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(SECRET);
  });

  it('times out on a slow answer', async () => {
    sim.faults.push({ kind: 'latency', ms: 1500 }, 1);
    const error = await failure(client({ timeoutMs: 150 }).live());
    expect(error.kind).toBe('timeout');
  });

  it('stops a history walk when the caller aborts', async () => {
    sim.faults.push({ kind: 'latency', ms: 1500 }, 1);
    const controller = new AbortController();
    const pending = client().history(
      { start: NOW_S - 3600, end: NOW_S, limit: 2 },
      { signal: controller.signal },
    );
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses plain http to a non-loopback base URL', () => {
    expect(() => client({ baseUrl: 'http://pili.example.com/' })).toThrow(ProviderError);
  });
});
