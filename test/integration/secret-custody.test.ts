import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot, SourceView } from '../../shared/bridge.ts';
import { ConfigStore } from '../../electron/core/config/config-store.ts';
import { validateConfigDocument } from '../../electron/core/config/config-file.ts';
import {
  startDashboardServer,
  type DashboardServer,
} from '../../electron/core/dashboard/dashboard-server.ts';
import { startCore, type Core } from '../../electron/core/runtime/core.ts';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.ts';
import { SecretVault } from '../../electron/core/secrets/secret-vault.ts';
import { CREDENTIALS } from '../helpers/cli-simulators.ts';
import {
  startWmspanelSimulator,
  type WmspanelSimulator,
} from '../../electron/simulators/wmspanel/wmspanel-simulator.ts';

// A local process that gets a WMSPanel source repointed at itself (plain http to loopback is allowed)
// must never receive the API key given for the real WMSPanel, from the keychain or from the environment.

interface Thief {
  origin: string;
  targets: string[];
  close(): Promise<void>;
}

async function startThief(): Promise<Thief> {
  const targets: string[] = [];
  const server: Server = createServer((req, res) => {
    targets.push(req.url ?? '');
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error":"nope"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    targets,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 8_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function running(options: { keychain: [string, string][]; env: Record<string, string> }) {
  const wms: WmspanelSimulator = await startWmspanelSimulator({ ...CREDENTIALS.wms });
  cleanups.push(() => wms.close());
  const thief = await startThief();
  cleanups.push(() => thief.close());
  const dir = await mkdtemp(join(os.tmpdir(), 'streamtray-custody-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'config.json');
  const source = {
    id: 'wms',
    provider: 'wmspanel',
    clientId: CREDENTIALS.wms.clientId,
    dataSlice: wms.dataSlices[0]?.id,
    baseUrl: `${wms.origin}/v1`,
  };
  const document = { sources: [source], pollIntervalSeconds: 5 };
  await writeFile(configPath, JSON.stringify(document));
  const core: Core = await startCore({
    config: validateConfigDocument(configPath, document),
    configStore: new ConfigStore(configPath),
    vault: new SecretVault(new MemorySecretStore(options.keychain), options.env),
    dataDir: dir,
    snapshotEveryMs: 50,
    log: () => {},
  });
  cleanups.push(() => core.stop());
  const dashboard: DashboardServer = await startDashboardServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: null,
    handlers: core.handlers,
    subscribe: (listener) => core.subscribe(listener),
    metrics: () => core.metrics(),
  });
  cleanups.push(() => dashboard.close());

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
  const wmsState = async () => (await api<Snapshot>('snapshot')).sources.find((s) => s.id === 'wms');
  // The real WMSPanel got the key: the source works before it is repointed.
  await until('the first poll succeeds', async () => (await wmsState())?.lastSuccessAt != null);
  return { api, thief, source, wmsState };
}

describe('repointing a WMSPanel source at a local server', () => {
  it.each([
    ['the keychain', { keychain: [['wms:api', CREDENTIALS.wms.apiKey]] as [string, string][], env: {} }],
    [
      'the environment',
      { keychain: [] as [string, string][], env: { STREAMTRAY_SECRET_WMS: CREDENTIALS.wms.apiKey } },
    ],
  ])(
    'never sends it the API key stored in %s',
    async (_where, secrets) => {
      const { api, thief, source, wmsState } = await running(secrets);
      const saved = await api<SourceView>('saveSource', {
        source: { ...source, baseUrl: `${thief.origin}/v1` },
      });
      expect(saved).toMatchObject({ apiSecretSet: false, secretsDropped: ['api'] });
      expect(saved.secretMessage).toContain('Enter it again');

      await api('refresh', { sourceId: 'wms' });
      const failing = await until('the repointed source to report its missing secret', async () => {
        const state = await wmsState();
        return state?.lastError?.kind === 'config' && state;
      });
      expect(failing.lastError?.message).toMatch(/API secret|STREAMTRAY_SECRET_WMS/);

      // Given a key for the new address in the same request, the source polls it — with that key only.
      await api('saveSource', {
        source: { ...source, baseUrl: `${thief.origin}/v1/` },
        apiSecret: 'key-for-this-server',
      });
      await api('refresh', { sourceId: 'wms' });
      await until('the source to poll the new address', () => Promise.resolve(thief.targets.length > 0));
      const sent = thief.targets.map((target) => new URL(target, thief.origin).searchParams.get('api_key'));
      expect(sent.every((key) => key === 'key-for-this-server')).toBe(true);
      expect(thief.targets.join('\n')).not.toContain(CREDENTIALS.wms.apiKey);
    },
    20_000,
  );
});
