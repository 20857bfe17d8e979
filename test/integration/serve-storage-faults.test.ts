import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/bridge.ts';
import type { Notice } from '../../shared/notices.ts';
import { validateConfigDocument } from '../../electron/core/config/config-file.ts';
import { ConfigStore } from '../../electron/core/config/config-store.ts';
import {
  startDashboardServer,
  type DashboardServer,
} from '../../electron/core/dashboard/dashboard-server.ts';
import { startCore, type Core } from '../../electron/core/runtime/core.ts';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.ts';
import { SecretVault } from '../../electron/core/secrets/secret-vault.ts';
import { wmspanelDigest, wmspanelTime } from '../../electron/simulators/webhook-sender/webhook-sender.ts';
import { canMount, mountSmallDisk, NEEDS_ROOT, type SmallDisk } from '../helpers/small-disk.ts';

// The core as `serve` runs it, on a data dir that fails: a 2 MB tmpfs that fills up under a burst of
// WMSPanel deliveries, one mounted read-only, and a damaged history file. Every event that cannot be
// stored is answered 503 with Retry-After (never 204); the process, the dashboard and the poller keep
// running; the operator sees the fault in the snapshot, the tray state and one notice; once space is
// freed the same deliveries are accepted again, without a restart, and every delivery ever answered 204
// is in the log. A file that cannot be opened is named, with what to do about it.

const TOKEN = 'full-disk-token-5c1e';
let disk: SmallDisk;
let configDir: string;
let core: Core;
let dashboard: DashboardServer;
const notices: Notice[] = [];
const logs: string[] = [];

interface Answer {
  status: number;
  retryAfter: string | null;
  body: string;
}

let sent = 0;
/** One signed stream-offline delivery, as WMSPanel sends it (digest: MD5 of time + token). */
function delivery(stream: string): string {
  sent += 1;
  // Distinct times keep every delivery a distinct event; all within the freshness window.
  const time = wmspanelTime(Date.now() - (sent % 30) * 1000);
  return JSON.stringify({
    time,
    digest: wmspanelDigest(time, TOKEN),
    stream,
    status: 'offline',
    checkpoints: ['New York, USA', 'Frankfurt, Germany'],
  });
}

async function post(body: string): Promise<Answer> {
  const response = await fetch(`${core.webhookOrigin ?? ''}/webhooks/wms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.text(),
  };
}

async function snapshotOverHttp(): Promise<Snapshot> {
  const response = await fetch(`${dashboard.origin}/api/snapshot`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Snapshot;
}

const streamName = (i: number) => `rtmp://edge.example.com/live/${'long-stream-name-'.repeat(6)}${i}`;

describe.skipIf(!canMount)(`serve on a disk that fills up (${NEEDS_ROOT})`, () => {
  beforeAll(async () => {
    disk = mountSmallDisk(2048);
    configDir = mkdtempSync(join(os.tmpdir(), 'streamtray-full-config-'));
    const configPath = join(configDir, 'config.json');
    const document = {
      sources: [{ id: 'wms', provider: 'wmspanel', clientId: 'c-1', baseUrl: 'http://127.0.0.1:9/v1' }],
      pollIntervalSeconds: 5,
    };
    writeFileSync(configPath, JSON.stringify(document));
    core = await startCore({
      config: validateConfigDocument(configPath, document),
      configStore: new ConfigStore(configPath),
      vault: new SecretVault(new MemorySecretStore(), {
        STREAMTRAY_SECRET_WMS: 'api-key',
        STREAMTRAY_WEBHOOK_TOKEN_WMS: TOKEN,
      }),
      dataDir: disk.dir,
      webhooks: { host: '127.0.0.1', port: 0 },
      notifier: { notify: (notice) => notices.push(notice) },
      snapshotEveryMs: 50,
      log: (message) => logs.push(message),
    });
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
    await dashboard?.close();
    await core?.stop();
    disk?.remove();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('answers 503 + Retry-After while full, keeps running, and accepts the retries once space is back', async () => {
    const accepted = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const body = delivery(streamName(i));
      expect((await post(body)).status).toBe(204);
      accepted.add(streamName(i));
    }
    await core.idle();

    disk.fill();
    const burst = Array.from({ length: 300 }, (_, i) => streamName(100 + i));
    const bodies = new Map(burst.map((name) => [name, delivery(name)]));
    // In waves of 25 at once: well under the per-address connection cap (64), which sheds idle kept-alive
    // sockets of an address at its cap and so could reset a client reusing one.
    const answers: (readonly [string, Answer])[] = [];
    for (let start = 0; start < burst.length; start += 25) {
      const wave = burst.slice(start, start + 25);
      answers.push(
        ...(await Promise.all(wave.map(async (name) => [name, await post(bodies.get(name) ?? '')] as const))),
      );
    }
    const refused = answers.filter(([, answer]) => answer.status !== 204);
    for (const [name, answer] of answers) if (answer.status === 204) accepted.add(name);
    expect(refused.length).toBeGreaterThan(0);
    for (const [, answer] of refused) {
      expect(answer.status).toBe(503);
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      expect(answer.body).toContain('storage is full');
    }

    // The operator sees it, over the live dashboard too, and hears of it once.
    const during = await snapshotOverHttp();
    expect(during.storage).toMatchObject({
      ok: false,
      problem: 'full',
      store: 'alert-log',
      file: join(disk.dir, 'alerts.sqlite'),
    });
    expect(during.glance.state).toBe('critical');
    // The poller is still at work on its (unreachable) source: polled, failed, scheduled again.
    expect(during.sources.map((s) => s.id)).toEqual(['wms']);
    expect(during.sources[0]?.state).not.toBe('stopped');
    expect(during.sources[0]?.lastErrorAt).not.toBeNull();
    expect(notices.filter((n) => n.message.kind === 'storage-fault')).toHaveLength(1);

    disk.free();
    // WMSPanel retries what was refused; no restart in between.
    for (const [name] of refused) {
      const answer = await post(bodies.get(name) ?? '');
      expect(answer.status).toBe(204);
      accepted.add(name);
    }
    await core.idle();
    const after = await snapshotOverHttp();
    expect(after.storage).toMatchObject({ ok: true, problem: null });
    expect(after.glance.state).not.toBe('critical');
    expect(notices.filter((n) => n.message.kind === 'storage-recovered')).toHaveLength(1);

    // Nothing answered 204 is missing, and nothing is there twice.
    const stored = core.alertLog
      .list()
      .filter((e) => e.origin === 'webhook')
      .map((e) => e.subject.name);
    expect(new Set(stored)).toEqual(accepted);
    expect(stored).toHaveLength(accepted.size);
    expect(accepted.size).toBe(5 + burst.length);
    expect(core.alertLog.integrityCheck()).toBe('ok');
  });
});

describe.skipIf(!canMount)(`serve on a read-only data folder (${NEEDS_ROOT})`, () => {
  it('does not start, and says which folder to make writable', async () => {
    const readOnly = mountSmallDisk(1024);
    const config = mkdtempSync(join(os.tmpdir(), 'streamtray-ro-config-'));
    try {
      readOnly.readOnly();
      const configPath = join(config, 'config.json');
      const document = { sources: [] };
      writeFileSync(configPath, JSON.stringify(document));
      const starting = startCore({
        config: validateConfigDocument(configPath, document),
        configStore: new ConfigStore(configPath),
        vault: new SecretVault(new MemorySecretStore(), {}),
        dataDir: readOnly.dir,
        log: () => {},
      });
      await expect(starting).rejects.toMatchObject({ name: 'StorageError', problem: 'read-only' });
      await expect(starting).rejects.toThrow(readOnly.dir);
      await expect(starting).rejects.toThrow(/make the data folder writable/);
    } finally {
      readOnly.writable();
      readOnly.remove();
      rmSync(config, { recursive: true, force: true });
    }
  });
});

describe('serve with a damaged history file', () => {
  it('does not start, names the file and what to do, and starts once it is moved aside', async () => {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'streamtray-damaged-'));
    try {
      const configPath = join(dataDir, 'config.json');
      const document = { sources: [] };
      writeFileSync(configPath, JSON.stringify(document));
      writeFileSync(join(dataDir, 'history.sqlite'), 'this is no database '.repeat(500));
      const start = () =>
        startCore({
          config: validateConfigDocument(configPath, document),
          configStore: new ConfigStore(configPath),
          vault: new SecretVault(new MemorySecretStore(), {}),
          dataDir,
          log: () => {},
        });
      const refused = start();
      await expect(refused).rejects.toMatchObject({
        problem: 'corrupt',
        file: join(dataDir, 'history.sqlite'),
      });
      await expect(refused).rejects.toThrow(/move the file aside \(or restore a backup copy\)/);

      // As the message says: moved aside, and the same data dir starts (nothing was left locked or open).
      renameSync(join(dataDir, 'history.sqlite'), join(dataDir, 'history.sqlite.damaged'));
      const started = await start();
      expect(started.snapshot().storage.ok).toBe(true);
      await started.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
