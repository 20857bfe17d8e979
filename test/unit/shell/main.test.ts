import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../../shared/alerts.ts';
import type { BridgeEventListener, Glance, Snapshot } from '../../../shared/bridge.ts';
import type { Notice, Notifier } from '../../../shared/notices.ts';
import { fake, FakeWebContents } from './fake-electron.ts';
import { fakeHandlers } from './fake-handlers.ts';
import { STORAGE_OK } from '../../../shared/storage.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).electronModule);
vi.mock('electron-store', () => ({
  default: class {
    readonly #map = new Map<string, unknown>();
    get(key: string): unknown {
      return this.#map.get(key);
    }
    set(key: string, value: unknown): void {
      this.#map.set(key, value);
    }
  },
}));

const core = vi.hoisted(() => ({
  started: [] as unknown[],
  stops: 0,
  listeners: [] as Array<(name: string, payload: unknown) => void>,
  paused: [] as boolean[],
  acknowledged: [] as number[],
  openIncidents: [] as Incident[],
}));
const glance: Glance = { viewers: 1_500, bandwidthBps: 3_000_000, state: 'ok', openIncidents: 0 };
function snapshotNow(): Snapshot {
  return {
    at: 0,
    paused: false,
    storage: STORAGE_OK,
    sources: [],
    total: { viewers: 1_500, bandwidthBps: 3_000_000 },
    openIncidents: core.openIncidents,
    glance: { ...glance, openIncidents: core.openIncidents.length },
  };
}
vi.mock('../../../electron/core/runtime/core.ts', () => ({
  startCore: (options: unknown) => {
    core.started.push(options);
    return Promise.resolve({
      handlers: fakeHandlers({
        settings: () => ({
          pollIntervalSeconds: 30,
          requestTimeoutSeconds: 10,
          locale: 'en',
          theme: 'system',
        }),
        setPaused: ({ paused }) => {
          core.paused.push(paused);
          return { paused };
        },
        incidents: () => ({
          incidents: core.openIncidents,
          nextCursor: null,
          counts: { open: core.openIncidents.length, closed: 0 },
        }),
        acknowledge: ({ incidentId }) => {
          core.acknowledged.push(incidentId);
          return { incident: null };
        },
      }),
      snapshot: snapshotNow,
      config: () => ({ sources: [{ id: 'pili', name: 'Pili' }] }),
      subscribe: (listener: BridgeEventListener) => {
        core.listeners.push(listener as (name: string, payload: unknown) => void);
        return () => undefined;
      },
      stop: () => {
        core.stops += 1;
        return Promise.resolve();
      },
    });
  },
}));

const dir = mkdtempSync(path.join(os.tmpdir(), 'streamtray-shell-'));
process.env['STREAMTRAY_CONFIG'] = path.join(dir, 'config.json');
process.env['STREAMTRAY_DATA_DIR'] = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

function incident(id: number, acknowledgedAt: number | null): Incident {
  return {
    id,
    sourceId: 'wms',
    subject: { kind: 'stream', name: `cam${id}` },
    openedAt: 1,
    closedAt: null,
    downtimeMs: null,
    checkpoints: [],
    acknowledgedAt,
    eventIds: [id],
  };
}

const notice: Notice = {
  message: {
    kind: 'incident-opened',
    sourceId: 'wms',
    subject: { kind: 'stream', name: 'cam1' },
    viewers: 10,
    checkpoints: [],
    reason: null,
  },
  severity: 'critical',
  incidentIds: [1],
  coalesced: false,
  at: 0,
};

interface MenuTemplateItem {
  label?: string;
  enabled?: boolean;
  click?: () => void;
}

function trayMenu(): MenuTemplateItem[] {
  return (fake.trays[0]?.menu as { template: MenuTemplateItem[] } | null)?.template ?? [];
}

function pickTray(label: RegExp): void {
  const entry = trayMenu().find((item) => item.label !== undefined && label.test(item.label));
  if (!entry?.click) throw new Error(`no tray entry ${String(label)}`);
  entry.click();
}

function startedNotifier(): Notifier {
  return (core.started[0] as { notifier: Notifier }).notifier;
}

function navigation(url: string) {
  return {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

async function launch(): Promise<void> {
  vi.resetModules();
  await import('../../../electron/shell/main.ts');
  fake.resolveReady();
  await settle();
}

describe('main wiring', () => {
  beforeEach(() => {
    fake.reset();
    core.started = [];
    core.stops = 0;
    core.listeners = [];
    core.paused = [];
    core.acknowledged = [];
    core.openIncidents = [];
  });

  it('on ready starts the core, shows the glance in the tray, registers IPC and opens the dashboard', async () => {
    await launch();
    expect(core.started).toHaveLength(1);
    expect(fake.trays).toHaveLength(1);
    const tray = fake.trays[0];
    expect(tray?.image).toBe(path.join('/opt/streamtray', 'build', 'icons', 'tray', 'tray-ok.png'));
    expect(tray?.tooltip).toBe('Streamtray: 1,500 viewers · 3.00 Mbps — all sources OK');
    expect(fake.handled.has('bridge:snapshot')).toBe(true);
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]?.loaded).toEqual(['app://streamtray/index.html']);
  });

  it('creates the dashboard sandboxed, context-isolated, with web security on and Node off', async () => {
    await launch();
    expect(fake.windows[0]?.options).toMatchObject({
      webPreferences: {
        preload: path.join('/opt/streamtray', 'dist-electron', 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
      },
    });
  });

  it('registers app:// as a privileged scheme before ready and serves the built dashboard on it with its CSP', async () => {
    const appDir = mkdtempSync(path.join(os.tmpdir(), 'streamtray-app-'));
    mkdirSync(path.join(appDir, 'dist', 'renderer'), { recursive: true });
    writeFileSync(
      path.join(appDir, 'dist', 'renderer', 'index.html'),
      '<!doctype html><title>Streamtray</title>',
    );
    fake.appPath = appDir;
    try {
      await launch();
      expect(fake.privileged).toHaveLength(1);
      expect(fake.privileged[0]).toMatchObject({
        scheme: 'app',
        beforeReady: true,
        privileges: { standard: true, secure: true },
      });
      expect(fake.privileged[0]?.privileges).not.toHaveProperty('bypassCSP');
      const handler = fake.protocolHandlers.get('app');
      if (!handler) throw new Error('app:// is not handled');
      const page = await handler(new Request('app://streamtray/index.html'));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'/);
      expect((await handler(new Request('app://streamtray/..%2f..%2f..%2fpackage.json'))).status).toBe(403);
    } finally {
      rmSync(appDir, { recursive: true, force: true });
    }
  });

  it('answers no to every permission request and every permission check', async () => {
    await launch();
    const answers: boolean[] = [];
    (fake.permissionRequest as (c: unknown, p: string, cb: (granted: boolean) => void) => void)(
      {},
      'media',
      (granted) => answers.push(granted),
    );
    expect(answers).toEqual([false]);
    expect((fake.permissionCheck as (c: unknown, p: string) => boolean)({}, 'clipboard-read')).toBe(false);
    expect((fake.devicePermission as (d: unknown) => boolean)({ deviceType: 'hid' })).toBe(false);
  });

  it('guards a second web contents too: no webview, no new window, no navigation away', async () => {
    await launch();
    const other = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, other);
    const webview = navigation('');
    other.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    expect(other.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const away = navigation('https://evil.example/');
    other.emit('will-navigate', away);
    expect(away.prevented).toBe(true);
    const redirect = navigation('file:///etc/passwd');
    other.emit('will-redirect', redirect);
    expect(redirect.prevented).toBe(true);
    expect(other.openHandler?.({ url: 'https://portal.qiniu.com/' })).toEqual({ action: 'deny' });
    await settle();
    expect(fake.opened).toEqual(['https://portal.qiniu.com/']);
  });

  it('acknowledges every open unacknowledged incident from the tray', async () => {
    core.openIncidents = [incident(1, null), incident(2, 5), incident(3, null)];
    await launch();
    pickTray(/^Acknowledge all \(2\)$/);
    await settle();
    expect(core.acknowledged).toEqual([1, 3]);
  });

  it('keeps desktop notifications quiet for an hour once muted from the tray, until unmuted', async () => {
    await launch();
    pickTray(/^Mute notifications for 1 hour$/);
    startedNotifier().notify(notice);
    expect(fake.notifications).toEqual([]);
    expect(trayMenu().find((item) => item.label?.startsWith('Notifications muted until'))).toBeDefined();
    pickTray(/^Unmute notifications$/);
    startedNotifier().notify(notice);
    expect(fake.notifications).toHaveLength(1);
  });

  it('opens the incident a notification is about when it is clicked', async () => {
    await launch();
    const window = fake.windows[0];
    startedNotifier().notify(notice);
    fake.notifications[0]?.emit('click');
    expect(window?.loaded.at(-1)).toBe('app://streamtray/index.html#/incidents/1');
  });

  it('updates the tray from snapshot events', async () => {
    await launch();
    for (const listener of core.listeners) {
      listener('snapshot', { ...snapshotNow(), paused: true, glance: { ...glance, state: 'paused' } });
    }
    await settle();
    expect(fake.trays[0]?.image).toMatch(/tray-paused\.png$/);
  });

  it('focuses the existing window when a second instance starts', async () => {
    await launch();
    const window = fake.windows[0];
    fake.app.emit('second-instance');
    expect(fake.windows).toHaveLength(1);
    expect(window?.shows).toBe(1);
    expect(window?.focuses).toBe(1);
  });

  it('quits at once, starting nothing, when another instance holds the lock', async () => {
    fake.lock = false;
    await launch();
    expect(fake.quits).toBe(1);
    expect(core.started).toEqual([]);
    expect(fake.trays).toEqual([]);
  });

  it('stops the core and removes the tray before quitting', async () => {
    await launch();
    let prevented = false;
    fake.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    await settle();
    expect(prevented).toBe(true);
    expect(core.stops).toBe(1);
    expect(fake.trays[0]?.destroyed).toBe(true);
    expect(fake.handled.size).toBe(0);
    expect(fake.quits).toBe(1);
  });

  it('pauses polling on system suspend', async () => {
    await launch();
    fake.powerMonitor.emit('suspend');
    await settle();
    expect(core.paused).toEqual([true]);
  });
});
