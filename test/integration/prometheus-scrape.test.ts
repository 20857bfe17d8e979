import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/bridge.ts';
import { startQiniuSimulator, type QiniuSimulator } from '../../electron/simulators/qiniu/qiniu-simulator.ts';
import {
  CREDENTIALS,
  SECRET_ENV,
  SECRETS,
  simulatorConfig,
  startSimulators,
  type Simulators,
} from '../helpers/cli-simulators.ts';
import { parseExposition } from '../helpers/prometheus-exposition.ts';
import {
  promtoolCheckMetrics,
  startPrometheus,
  type PrometheusServer,
} from '../helpers/prometheus-server.ts';
import { startServe, type ServeProcess } from '../helpers/serve-process.ts';
import { missingMetrics } from '../helpers/grafana-dashboard.ts';

// A real `streamtray serve` against the three provider simulators, its /metrics checked by Debian's
// promtool and scraped by Debian's real Prometheus, and a viewer series read back through Prometheus'
// HTTP API, as a team's Grafana would.

let sims: Simulators;
/** A hub with more streams than the per-source cap of 20. */
let bigHub: QiniuSimulator;
let dir: string;
let serve: ServeProcess;
let prometheus: PrometheusServer | undefined;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms: number,
  detail = () => '',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function metricsText(): Promise<string> {
  const response = await fetch(`${serve.dashboardOrigin}/metrics`);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return response.text();
}

async function snapshot(): Promise<Snapshot> {
  const response = await fetch(`${serve.dashboardOrigin}/api/snapshot`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return (await response.json()) as Snapshot;
}

beforeAll(async () => {
  sims = await startSimulators();
  bigHub = await startQiniuSimulator({ ...CREDENTIALS.pili, hub: 'big-hub', streams: 120 });
  dir = await mkdtemp(join(os.tmpdir(), 'streamtray-prometheus-serve-'));
  const configPath = join(dir, 'config.json');
  // An hour between polls: no source is polled again while the test compares values.
  const base = simulatorConfig(sims);
  const big = {
    id: 'big',
    provider: 'qiniu',
    accessKey: CREDENTIALS.pili.accessKey,
    hub: 'big-hub',
    baseUrl: bigHub.origin,
  };
  await writeFile(
    configPath,
    JSON.stringify({
      sources: [...base.sources, big],
      pollIntervalSeconds: 3600,
      // A contact point, so its delivery counters are in the exposition too (no secret: nothing is sent).
      notify: [{ id: 'oncall', type: 'slack' }],
    }),
  );
  serve = await startServe({
    configPath,
    dataDir: join(dir, 'data'),
    env: { ...SECRET_ENV, STREAMTRAY_SECRET_BIG: CREDENTIALS.pili.secretKey },
    timeoutMs: 30_000,
  });
  await until(
    'every source polled',
    async () => ((await snapshot()).sources.every((s) => s.lastSuccessAt !== null) ? true : undefined),
    30_000,
    () => serve.output(),
  );
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  const code = await serve.stop();
  await sims.close();
  await bigHub.close();
  await rm(dir, { recursive: true, force: true });
  expect(code).toBe(0);
}, 30_000);

describe('Prometheus scraping streamtray serve', () => {
  it('serves a /metrics that promtool accepts without a single lint problem', async () => {
    const text = await metricsText();
    const m = parseExposition(text);
    expect(m.find('streamtray_source_viewers', { source: 'pili', provider: 'qiniu' })).toHaveLength(1);
    expect(m.find('streamtray_build_info')).toHaveLength(1);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const check = await promtoolCheckMetrics(text);
    expect(check).toEqual({ code: 0, output: '' });
  });

  it('shows the 20 busiest streams of a source with their own label and sums the rest as stream="other"', async () => {
    const m = parseExposition(await metricsText());
    const big = (await snapshot()).sources.find((s) => s.id === 'big');
    const live = big?.streams ?? [];
    expect(live.length).toBeGreaterThan(20);
    const series = m.find('streamtray_stream_viewers', { source: 'big', provider: 'qiniu' });
    expect(series).toHaveLength(21);
    const busiest = [...live].sort((a, b) => (b.viewers ?? 0) - (a.viewers ?? 0)).slice(0, 20);
    expect(series.filter((s) => s.labels['stream'] !== 'other').map((s) => s.value)).toEqual(
      busiest.map((s) => s.viewers),
    );
    // Nothing is lost: the 21 series add up to the source's viewers.
    const sum = series.reduce((n, s) => n + s.value, 0);
    expect(sum).toBe(live.reduce((n, s) => n + (s.viewers ?? 0), 0));
    // A source under the cap keeps every stream and gets no "other".
    const pili = (await snapshot()).sources.find((s) => s.id === 'pili');
    const piliSeries = m.find('streamtray_stream_viewers', { source: 'pili' }).map((s) => s.labels['stream']);
    expect(piliSeries.sort()).toEqual(pili?.streams.map((s) => s.name).sort());
  });

  it('exposes every metric the Grafana starter dashboard queries', async () => {
    expect(missingMetrics(parseExposition(await metricsText()))).toEqual([]);
  });

  it('is scraped by a real Prometheus, which gives back the viewers the dashboard shows', async () => {
    const port = Number(new URL(serve.dashboardOrigin).port);
    prometheus = await startPrometheus({ host: '127.0.0.1', port, job: 'streamtray' });
    const server = prometheus;
    const [series] = await until(
      'Prometheus to store a scrape of streamtray_source_viewers',
      async () => {
        const result = await server.query('streamtray_source_viewers{source="pili"}');
        return result.length > 0 ? result : undefined;
      },
      30_000,
      () => server.log(),
    );
    const pili = (await snapshot()).sources.find((s) => s.id === 'pili');
    expect(series?.metric).toMatchObject({
      __name__: 'streamtray_source_viewers',
      job: 'streamtray',
      source: 'pili',
      provider: 'qiniu',
    });
    expect(Number(series?.value[1])).toBe(pili?.viewers);
    // Prometheus parsed every scrape: its own health series say so.
    const up = await server.query('up{job="streamtray"}');
    expect(up.map((s) => s.value[1])).toEqual(['1']);
  }, 60_000);
});
