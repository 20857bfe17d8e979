import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bitrateOf,
  isLive,
  streamNames,
  viewersAt,
} from '../../../../electron/simulators/common/audience.ts';
import {
  startQiniuSimulator,
  type QiniuSimulator,
  type QiniuSimulatorOptions,
} from '../../../../electron/simulators/qiniu/qiniu-simulator.ts';

const FORM = 'application/x-www-form-urlencoded';
const VECTOR_PATH = '/v2/hubs/myhub/stat/play/history?start=1700000000&end=1700003600&limit=100';
const VECTOR_TOKEN = 'Qiniu ak:2FQrJVCWkmHgEDUJheOGOdFxEYA=';
// Well after the vector's window, so every bucket in it is complete.
const NOW = 1_700_010_000_000;

let sim: QiniuSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: Partial<QiniuSimulatorOptions> = {}): Promise<QiniuSimulator> {
  sim = await startQiniuSimulator({
    accessKey: 'ak',
    secretKey: 'sk',
    hub: 'myhub',
    now: () => NOW,
    ...options,
  });
  return sim;
}

/** A raw request with exactly the given target and headers (Host included), as a signer would see it. */
function send(
  target: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: unknown }> {
  const origin = new URL(sim?.origin ?? '');
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: origin.hostname, port: origin.port, method, path: target, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString()) as unknown,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const vectorHeaders = { Host: 'pili.qiniuapi.com', 'Content-Type': FORM, Authorization: VECTOR_TOKEN };

describe('Qiniu simulator token check', () => {
  it('accepts the documented computed vector byte for byte', async () => {
    await start();
    const answer = await send(VECTOR_PATH, vectorHeaders);
    expect(answer.status).toBe(200);
    expect((answer.body as { items: unknown[] }).items).toHaveLength(12);
  });

  it.each([
    ['no Authorization header', { Host: 'pili.qiniuapi.com', 'Content-Type': FORM }, VECTOR_PATH],
    [
      'an unknown access key',
      { ...vectorHeaders, Authorization: 'Qiniu ak2:2FQrJVCWkmHgEDUJheOGOdFxEYA=' },
      VECTOR_PATH,
    ],
    [
      'a changed signature',
      { ...vectorHeaders, Authorization: 'Qiniu ak:2FQrJVCWkmHgEDUJheOGOdFxEYB=' },
      VECTOR_PATH,
    ],
    [
      'the signature without padding',
      { ...vectorHeaders, Authorization: 'Qiniu ak:2FQrJVCWkmHgEDUJheOGOdFxEYA' },
      VECTOR_PATH,
    ],
    ['another Host', { ...vectorHeaders, Host: 'pili.qiniuapi.com:8080' }, VECTOR_PATH],
    ['no Content-Type', { Host: 'pili.qiniuapi.com', Authorization: VECTOR_TOKEN }, VECTOR_PATH],
    ['a tampered query', vectorHeaders, VECTOR_PATH.replace('limit=100', 'limit=101')],
    [
      'another scheme word',
      { ...vectorHeaders, Authorization: 'QBox ak:2FQrJVCWkmHgEDUJheOGOdFxEYA=' },
      VECTOR_PATH,
    ],
  ])('answers 401 "bad token" for %s', async (_label, headers, target) => {
    await start();
    expect(await send(target, headers)).toEqual({ status: 401, body: { error: 'bad token' } });
  });

  it('rejects correct credentials while a wrong-credentials fault is active', async () => {
    const server = await start();
    server.faults.push({ kind: 'wrong-credentials' }, 1);
    expect((await send(VECTOR_PATH, vectorHeaders)).status).toBe(401);
    expect((await send(VECTOR_PATH, vectorHeaders)).status).toBe(200);
  });

  it('answers 612 "no such hub" for a validly signed request to another hub', async () => {
    await start({ hub: 'otherhub' });
    expect(await send(VECTOR_PATH, vectorHeaders)).toEqual({ status: 612, body: { error: 'no such hub' } });
  });
});

describe('Qiniu simulator data', () => {
  const MINUTE = 60_000;
  const model = { seed: 'seed-1', streams: streamNames('s', 40) };

  it('keeps live figures constant within a minute and moves them between minutes', async () => {
    const server = await start({ seed: model.seed, streams: 40 });
    const t = Date.UTC(2026, 10, 23, 19, 30, 0);
    expect(server.liveAt(t + 59_000)).toEqual(server.liveAt(t));
    expect(server.liveAt(t + MINUTE).total.count).not.toBe(server.liveAt(t).total.count);
  });

  it('lists only streams on air, bandwidth = viewers × the stream bitrate, totals = sums', async () => {
    const server = await start({ seed: model.seed, streams: 40 });
    const t = Date.UTC(2026, 10, 23, 19, 30, 0);
    const live = server.liveAt(t);
    const onAir = model.streams.filter((name) => isLive(model.seed, name, t));
    expect(onAir.length).toBeGreaterThan(0);
    expect(onAir.length).toBeLessThan(40);
    expect(Object.keys(live.streams)).toEqual(onAir);
    for (const name of onAir) {
      const viewers = viewersAt(model.seed, name, t);
      expect(live.streams[name]).toEqual({
        count: viewers,
        bandwidth: viewers * bitrateOf(model.seed, name),
      });
    }
    const values = Object.values(live.streams);
    expect(live.total.count).toBe(values.reduce((sum, s) => sum + s.count, 0));
    expect(live.total.bandwidth).toBe(values.reduce((sum, s) => sum + s.bandwidth, 0));
  });

  it('serves history buckets as the mean of five per-minute hub samples, aligned to 5 minutes', async () => {
    const server = await start();
    const answer = await send(VECTOR_PATH, vectorHeaders);
    const { items, marker } = answer.body as {
      items: { time: number; stats: { count: number; bandwidth: number } }[];
      marker: string;
    };
    expect(marker).toBe('');
    expect(items.map((item) => item.time)).toEqual(
      Array.from({ length: 12 }, (_, i) => 1_700_000_100 + i * 300),
    );
    for (const item of items) {
      const samples = [0, 1, 2, 3, 4].map((i) => server.liveAt(item.time * 1000 + i * MINUTE).total);
      expect(item.stats.count).toBe(Math.round(samples.reduce((sum, s) => sum + s.count, 0) / 5));
      expect(item.stats.bandwidth).toBe(Math.round(samples.reduce((sum, s) => sum + s.bandwidth, 0) / 5));
    }
  });

  it('gives drift and error bodies in Pili style through fault injection', async () => {
    const server = await start();
    server.faults.push({ kind: 'schema-drift' }, 1);
    const drifted = (await send(VECTOR_PATH, vectorHeaders)).body as {
      items: { stats: { count: unknown } }[];
    };
    expect(typeof drifted.items[0]?.stats.count).toBe('string');
    server.faults.push({ kind: 'status', status: 503 }, 1);
    expect(await send(VECTOR_PATH, vectorHeaders)).toEqual({
      status: 503,
      body: { error: 'internal server error' },
    });
  });
});
