import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeEventListener, Glance } from '../../../shared/bridge.ts';
import { fake } from './fake-electron.ts';
import { fakeHandlers } from './fake-handlers.ts';

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
}));
const glance: Glance = { viewers: 1_500, bandwidthBps: 3_000_000, state: 'ok', openIncidents: 0 };
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
      }),
      snapshot: () => ({ paused: false, glance }),
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
    expect(fake.windows[0]?.loaded).toEqual(['file:///opt/streamtray/dist/renderer/index.html']);
  });

  it('updates the tray from snapshot events', async () => {
    await launch();
    for (const listener of core.listeners) {
      listener('snapshot', { paused: true, glance: { ...glance, state: 'paused' } });
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
