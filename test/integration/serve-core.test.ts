import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/bridge.ts';
import { ConfigStore } from '../../electron/core/config/config-store.ts';
import { validateConfigDocument } from '../../electron/core/config/config-file.ts';
import { startDashboardServer, type DashboardServer } from '../../electron/core/dashboard/dashboard-server.ts';
import { startCore, type Core } from '../../electron/core/runtime/core.ts';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.ts';
import { SecretVault } from '../../electron/core/secrets/secret-vault.ts';
import { SECRET_ENV, SECRETS, simulatorConfig, startSimulators, type Simulators } from '../helpers/cli-simulators.ts';

// The core as `serve` runs it, in process, against the three simulators over real HTTP: the Bridge API,
// SSE, /metrics, held sources, derived incidents and history across a restart.

let sims: Simulators;
let dir: string;
let configPath: string;
let core: Core;
let dashboard: DashboardServer;
const logs: string[] = [];

async function start(): Promise<Core> {
  const document = { ...simulatorConfig(sims), pollIntervalSeconds: 5, detectors: { unreachableAfterFailures: 1 } };
  await writeFile(configPath, JSON.stringify(document));
  return startCore({
    config: validateConfigDocument(configPath, document),
    configStore: new ConfigStore(configPath),
    vault: new SecretVault(new MemorySecretStore(), SECRET_ENV),
    dataDir: dir,
    webhooks: { host: '127.0.0.1', port: 0 },
    snapshotEveryMs: 50,
    log: (message) => logs.push(message),
  });
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 8_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function api<T>(name: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${dashboard.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  sims = await startSimulators();
  dir = await mkdtemp(join(os.tmpdir(), 'streamtray-serve-'));
  configPath = join(dir, 'config.json');
  core = await start();
  const running = core;
  dashboard = await startDashboardServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: null,
    handlers: running.handlers,
    subscribe: (listener) => running.subscribe(listener),
    metrics: () => running.metrics(),
  });
});

afterAll(async () => {
  await dashboard.close();
  await core.stop();
  await sims.close();
  await rm(dir, { recursive: true, force: true });
});

describe('serve core against the simulators', () => {
  it('shows what the providers answered through the Bridge API, /metrics and SSE', async () => {
    const snap = await until('every source polled', async () => {
      const s = await api<Snapshot>('snapshot');
      return s.sources.every((source) => source.lastSuccessAt !== null) && s;
    });
    const served = [...sims.pili.served].reverse().find((entry) => entry.target.includes('/stat/play') && !entry.target.includes('history'));
    const live = JSON.parse(served?.body ?? '{}') as { total: { count: number; bandwidth: number }; streams: Record<string, { count: number }> };
    const pili = snap.sources.find((s) => s.id === 'pili');
    expect(pili).toMatchObject({ provider: 'qiniu', viewers: live.total.count, bandwidthBps: live.total.bandwidth, stale: false, lastError: null });
    expect(pili?.streams.map((s) => [s.name, s.viewers])).toEqual(Object.entries(live.streams).map(([name, s]) => [name, s.count]));
    expect(pili?.callsToday).toBeGreaterThanOrEqual(1);
    expect(snap.sources.find((s) => s.id === 'wms')).toMatchObject({ viewers: null, bandwidthBps: null, lastError: null });

    const metrics = await (await fetch(`${dashboard.origin}/metrics`)).text();
    expect(metrics).toContain(`streamtray_source_viewers{source="pili",provider="qiniu"} ${pili?.viewers}`);
    expect(metrics).toContain('streamtray_poll_errors_total{source="se",provider="scaleengine",kind="auth"} 0');
    for (const secret of SECRETS) expect(metrics).not.toContain(secret);

    const controller = new AbortController();
    const response = await fetch(`${dashboard.origin}/api/events`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
    const first = await reader?.read();
    controller.abort();
    const text = new TextDecoder().decode(first?.value);
    expect(text).toContain('event: snapshot');
    expect(text).toContain('"id":"pili"');
  });

  it('shows a failing source with its error, holds one whose credentials are rejected, and alerts on both', async () => {
    sims.se.faults.push({ kind: 'wrong-credentials' }, 0);
    await api('refresh', { sourceId: 'se' });
    const se = await until('se held', async () => {
      const s = (await api<Snapshot>('snapshot')).sources.find((source) => source.id === 'se');
      return s?.state === 'held' && s;
    });
    expect(se.lastError?.kind).toBe('auth');
    for (const secret of SECRETS) expect(se.lastError?.message).not.toContain(secret);
    expect(await core.metrics()).toContain('streamtray_poll_errors_total{source="se",provider="scaleengine",kind="auth"} 1\n');
    const calls = se.callsToday;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await api<Snapshot>('snapshot')).sources.find((s) => s.id === 'se')?.callsToday).toBe(calls);

    const open = await until('auth incident', async () => {
      const { incidents } = await api<{ incidents: Snapshot['openIncidents'] }>('incidents', { open: true });
      return incidents.find((i) => i.sourceId === 'se' && i.subject.kind === 'source');
    });
    // POST /api/events collides with the SSE stream's path, so the log is read through the handlers here.
    const { events } = await core.handlers.alertEvents({ limit: 500 });
    expect(events).toContainEqual(expect.objectContaining({ sourceId: 'se', origin: 'derived', reason: 'auth' }));

    sims.se.faults.clear();
    await api('refresh', { sourceId: 'se' });
    const closed = await until('auth incident closed', async () => {
      const { incidents } = await api<{ incidents: Snapshot['openIncidents'] }>('incidents', {});
      return incidents.find((i) => i.id === open.id && i.closedAt !== null);
    });
    expect(closed.downtimeMs).toBeGreaterThanOrEqual(0);

    sims.pili.faults.push({ kind: 'status', status: 503 }, 0);
    await api('refresh', { sourceId: 'pili' });
    const pili = await until('pili failing', async () => {
      const s = (await api<Snapshot>('snapshot')).sources.find((source) => source.id === 'pili');
      return s?.lastError?.kind === 'upstream' && s;
    });
    expect(pili.state).toBe('backoff');
    expect(pili.viewers).not.toBeNull();
    sims.pili.faults.clear();
  });

  it("fills the charts from the providers' own history on a first start", async () => {
    const hourAgo = Date.now() - 3_600_000;
    const times = await until('backfilled history', async () => {
      const { series } = await api<{ series: { t: number[] }[] }>('series', {
        sourceId: 'pili',
        fromMs: Date.now() - 6 * 3_600_000,
        toMs: Date.now(),
      });
      const t = series[0]?.t ?? [];
      return (t[0] ?? Number.POSITIVE_INFINITY) < hourAgo ? t : undefined;
    });
    // Qiniu keeps 5-minute buckets: hours of them, not just the few polls since start.
    expect(times.filter((t) => t < hourAgo).length).toBeGreaterThan(24);
  });

  it('keeps history across a restart', async () => {
    await core.idle();
    const request = { sourceId: 'pili', fromMs: Date.now() - 3_600_000, toMs: Date.now() + 60_000 };
    const before = await api<{ series: { t: number[]; viewers: (number | null)[] }[] }>('series', request);
    expect(before.series[0]?.t.length).toBeGreaterThan(0);
    await dashboard.close();
    await core.stop();
    sims.pili.faults.push({ kind: 'status', status: 503 }, 0);
    core = await start();
    const running = core;
    dashboard = await startDashboardServer({
      host: '127.0.0.1', port: 0, staticDir: null, handlers: running.handlers,
      subscribe: (listener) => running.subscribe(listener), metrics: () => running.metrics(),
    });
    const after = await api<{ series: { t: number[] }[] }>('series', request);
    expect(after.series[0]?.t.length).toBeGreaterThan(0);
    sims.pili.faults.clear();
  });
});
