import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Series, Snapshot } from '../../shared/bridge.ts';
import { EXIT, type CliContext } from '../../electron/cli/command.ts';
import { serve } from '../../electron/cli/commands/serve-runtime.ts';
import { loadConfig } from '../../electron/core/config/config-file.ts';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.ts';
import { SecretVault } from '../../electron/core/secrets/secret-vault.ts';
import { createWebhookSender } from '../../electron/simulators/webhook-sender/webhook-sender.ts';
import { SECRET_ENV, simulatorConfig, startSimulators, type Simulators } from '../helpers/cli-simulators.ts';

// The desktop shell (through the Electron fake) and `streamtray serve` start one core the same way: both
// fill the charts from the providers' own history, both keep quiet hours from the config, and both follow
// an edit of the config file without a restart.

const recorded = vi.hoisted(() => ({
  notifications: [] as string[],
  handlers: new Map<string, (event: unknown, request: unknown) => Promise<unknown>>(),
}));

vi.mock('electron', async () => {
  const { electronModule } = await import('../unit/shell/fake-electron.ts');
  class RecordingNotification {
    static isSupported = () => true;
    readonly options: { title: string; body: string };
    constructor(options: { title: string; body: string }) {
      this.options = options;
    }
    on(): this {
      return this;
    }
    show(): void {
      recorded.notifications.push(`${this.options.title}: ${this.options.body}`);
    }
  }
  return {
    ...electronModule,
    Notification: RecordingNotification,
    ipcMain: {
      ...electronModule.ipcMain,
      handle: (channel: string, listener: (event: unknown, request: unknown) => Promise<unknown>) =>
        void recorded.handlers.set(channel, listener),
    },
  };
});
vi.mock('electron-store', () => ({
  default: class {
    readonly #map = new Map<string, unknown>();
    get = (key: string): unknown => this.#map.get(key);
    set = (key: string, value: unknown): void => void this.#map.set(key, value);
  },
}));

const WEBHOOK_TOKEN = 'wms-notification-token-9f2c';
/** A source nothing answers for: unreachable once the detector's threshold says so. */
const DEAD_SOURCE = { id: 'dead', provider: 'wmspanel', clientId: 'nobody', baseUrl: 'http://127.0.0.1:9' };
const ENV = { ...SECRET_ENV, STREAMTRAY_SECRET_DEAD: 'dead-secret', STREAMTRAY_WEBHOOK_TOKEN_WMS: WEBHOOK_TOKEN };

interface Host {
  bridge<T>(name: string, request?: unknown): Promise<T>;
  /** Notices as the host showed them (native notifications, stdout lines). */
  notices(): string[];
  stop(): Promise<void>;
}

let sims: Simulators;
const dirs: string[] = [];

beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(async () => {
  await sims.close();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** Quiet hours around now, in UTC, so the test holds at any time of day. */
function quietNow() {
  return {
    start: hhmm(Date.now() - 3_600_000),
    end: hhmm(Date.now() + 3_600_000),
    timeZone: 'UTC',
    letCriticalThrough: false,
  };
}

async function setUp(): Promise<{
  dir: string;
  configPath: string;
  webhookPort: number;
  document: Record<string, unknown>;
}> {
  const dir = await mkdtemp(join(os.tmpdir(), 'streamtray-one-core-'));
  dirs.push(dir);
  const webhookPort = await freePort();
  const document = {
    sources: [...simulatorConfig(sims).sources, DEAD_SOURCE],
    pollIntervalSeconds: 5,
    locale: 'en',
    alerts: { holdSeconds: 0, quietHours: quietNow() },
    detectors: { unreachableAfterFailures: 100 },
    webhooks: { host: '127.0.0.1', port: webhookPort },
  };
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(document, null, 2));
  return { dir, configPath, webhookPort, document };
}

async function startServeHost(dir: string, configPath: string): Promise<Host> {
  const out: string[] = [];
  const controller = new AbortController();
  const env = { ...ENV, LANG: 'en_US.UTF-8' };
  const context: CliContext = {
    io: {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: () => true },
      stdin: (async function* () {})(),
      env,
    },
    configPath,
    dataDir: join(dir, 'data'),
    signal: controller.signal,
  };
  const config = await loadConfig(configPath);
  let origin = '';
  const done = serve({
    context,
    config,
    configPath,
    vault: new SecretVault(new MemorySecretStore(), env),
    dashboard: { host: '127.0.0.1', port: 0 },
    webhooks: config.webhooks,
    onReady: ({ dashboardOrigin }) => {
      origin = dashboardOrigin;
      return Promise.resolve();
    },
  });
  await until('serve to listen', () => origin !== '');
  return {
    async bridge<T>(name: string, request: unknown = {}) {
      const response = await fetch(`${origin}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    notices: () =>
      out
        .join('')
        .split('\n')
        .filter((line) => /^\d{4}-\d\d-\d\dT/.test(line)),
    async stop() {
      controller.abort();
      expect(await done).toBe(EXIT.OK);
    },
  };
}

async function startShellHost(dir: string, configPath: string): Promise<Host> {
  const { fake } = await import('../unit/shell/fake-electron.ts');
  fake.reset();
  recorded.handlers.clear();
  recorded.notifications.length = 0;
  Object.assign(process.env, ENV, {
    STREAMTRAY_CONFIG: configPath,
    STREAMTRAY_DATA_DIR: join(dir, 'data'),
  });
  vi.resetModules();
  await import('../../electron/shell/main.ts');
  fake.resolveReady();
  await until('the shell to register the Bridge', () => recorded.handlers.has('bridge:snapshot'));
  const window = await until('the dashboard window', () => fake.windows[0]);
  const event = () => ({
    sender: window.webContents,
    senderFrame: { url: window.loaded[0] ?? '', parent: null },
  });
  return {
    async bridge<T>(name: string, request: unknown = {}) {
      const handler = recorded.handlers.get(`bridge:${name}`);
      if (!handler) throw new Error(`no IPC handler for ${name}`);
      const result = (await handler(event(), request)) as { ok: boolean; value?: T; error?: unknown };
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
      return result.value as T;
    },
    notices: () => [...recorded.notifications],
    async stop() {
      const quits = fake.quits;
      const { electronModule } = await import('../unit/shell/fake-electron.ts');
      electronModule.app.quit();
      await until('the shell to stop its core', () => fake.quits >= quits + 2);
    },
  };
}

describe.each([
  ['streamtray serve', startServeHost],
  ['the desktop shell', startShellHost],
] as const)('%s', (_name, startHost) => {
  it(
    'backfills, and takes quiet hours, detector thresholds and locale from the config, live',
    { timeout: 60_000 },
    async () => {
      const { dir, configPath, webhookPort, document } = await setUp();
      const startedAt = Date.now();
      const host = await startHost(dir, configPath);
      try {
        // Backfill: Qiniu's own 5-minute history fills the chart from before this start.
        const series = await until('a backfilled chart', async () => {
          const { series } = await host.bridge<{ series: Series[] }>('series', {
            sourceId: 'pili',
            fromMs: startedAt - 6 * 3_600_000,
            toMs: Date.now(),
            maxPoints: 500,
          });
          const total = series[0];
          return total !== undefined && total.t.some((t) => t < startedAt - 10 * 60_000) ? total : undefined;
        });
        expect(series.viewers.some((value) => value !== null)).toBe(true);

        // Quiet hours: the incident is recorded and shown, but nobody is woken.
        const sender = createWebhookSender({
          url: `http://127.0.0.1:${webhookPort}/webhooks/wms`,
          token: WEBHOOK_TOKEN,
        });
        expect((await sender.serverOffline({ server: 'edge-quiet.example.com' })).status).toBe(204);
        await until('the incident', async () => {
          const snapshot = await host.bridge<Snapshot>('snapshot');
          return snapshot.openIncidents.some(
            (incident) => incident.subject.name === 'edge-quiet.example.com',
          );
        });
        // The dead source fails, but 100 failures are asked for before it counts as unreachable.
        await until('a failed poll of the dead source', async () => {
          const snapshot = await host.bridge<Snapshot>('snapshot');
          return snapshot.sources.find((source) => source.id === 'dead')?.lastError?.kind === 'network';
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(host.notices()).toEqual([]);
        const before = await host.bridge<Snapshot>('snapshot');
        expect(before.openIncidents.some((incident) => incident.sourceId === 'dead')).toBe(false);

        // The operator edits the file: quiet hours off, one failure is enough, Chinese. The held notice
        // is summarised, the dead source turns unreachable, new notices go out in Chinese.
        const edited = {
          ...document,
          locale: 'zh-CN',
          alerts: { holdSeconds: 0, quietHours: null },
          detectors: { unreachableAfterFailures: 1 },
        };
        await writeFile(configPath, JSON.stringify(edited, null, 2));
        await until('the quiet-hours summary', () => host.notices().length > 0);
        await until('the dead source unreachable', async () => {
          const snapshot = await host.bridge<Snapshot>('snapshot');
          return snapshot.openIncidents.some(
            (incident) => incident.sourceId === 'dead' && incident.subject.kind === 'source',
          );
        });
        expect((await sender.serverOffline({ server: 'edge-loud.example.com' })).status).toBe(204);
        const loud = await until('a notice for the new outage', () =>
          host.notices().find((line) => line.includes('edge-loud.example.com')),
        );
        expect(loud).toMatch(/[\u4e00-\u9fff]/);
        // The outage inside quiet hours came only in the summary (the first notice), never on its own.
        const [summary, ...after] = host.notices();
        expect(summary).toContain('edge-quiet.example.com');
        expect(after.filter((line) => line.includes('edge-quiet.example.com'))).toEqual([]);
      } finally {
        await host.stop();
      }
    },
  );
});
