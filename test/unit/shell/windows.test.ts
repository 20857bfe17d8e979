import { describe, expect, it } from 'vitest';
import { resolveAppUrl } from '../../../electron/shell/app-url.ts';
import { createBoundsStore, type WindowBounds } from '../../../electron/shell/window-bounds.ts';
import {
  createDashboardWindow,
  type DashboardWindowOptions,
  type NavigationEventLike,
  type WindowLike,
} from '../../../electron/shell/windows.ts';

const APP_URL = 'file:///app/dist/renderer/index.html';

function fakeWindow(options: DashboardWindowOptions) {
  const handlers: Record<string, Array<(event: never) => unknown>> = {};
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const state = {
    visible: false,
    loaded: [] as string[],
    options,
    bounds: { x: 40, y: 50, width: 900, height: 700 },
  };
  const add = (event: string, fn: (event: never) => unknown) => void (handlers[event] ??= []).push(fn);
  const win: WindowLike = {
    webContents: {
      id: 3,
      isDestroyed: () => false,
      send: () => undefined,
      setWindowOpenHandler: (handler) => void (openHandler = handler),
      on: (event: string, fn: (event: never) => unknown) => add(`wc:${event}`, fn),
    },
    loadURL: (url) => {
      state.loaded.push(url);
      return Promise.resolve();
    },
    show: () => void (state.visible = true),
    hide: () => void (state.visible = false),
    focus: () => undefined,
    restore: () => undefined,
    isMinimized: () => false,
    isMaximized: () => false,
    maximize: () => undefined,
    isDestroyed: () => false,
    getNormalBounds: () => state.bounds,
    on: (event: string, fn: (event: never) => unknown) => add(event, fn),
    once: (event: string, fn: (event: never) => unknown) => add(event, fn),
  };
  const fire = (event: string, arg?: unknown) => {
    for (const fn of handlers[event] ?? []) fn(arg as never);
  };
  return { win, state, fire, openWindow: (url: string) => openHandler?.({ url }) };
}

function setup(saved: WindowBounds | null = null) {
  const made: Array<ReturnType<typeof fakeWindow>> = [];
  const external: string[] = [];
  const prefs = new Map<string, unknown>(saved ? [['windowBounds', saved]] : []);
  let quitting = false;
  const dashboard = createDashboardWindow({
    createWindow: (options) => {
      const fake = fakeWindow(options);
      made.push(fake);
      return fake.win;
    },
    appUrl: APP_URL,
    preloadPath: '/app/dist-electron/preload.cjs',
    openExternal: (url) => void external.push(url),
    bounds: createBoundsStore({
      get: (key) => prefs.get(key),
      set: (key, value) => void prefs.set(key, value),
    }),
    workAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
    isQuitting: () => quitting,
  });
  const first = () => {
    dashboard.show();
    const fake = made[0];
    if (!fake) throw new Error('no window');
    return fake;
  };
  return { dashboard, made, external, prefs, first, quit: () => (quitting = true) };
}

function navigation(url: string): NavigationEventLike & { prevented: boolean } {
  return {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

describe('dashboard window', () => {
  it('is sandboxed and context-isolated with our preload, and shown once painted', () => {
    const { first } = setup();
    const fake = first();
    expect(fake.state.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: '/app/dist-electron/preload.cjs',
    });
    expect(fake.state.loaded).toEqual([APP_URL]);
    expect(fake.state.visible).toBe(false);
    fake.fire('ready-to-show');
    expect(fake.state.visible).toBe(true);
  });

  it('denies every new window and sends only http(s) links to the browser', () => {
    const { first, external } = setup();
    const fake = first();
    expect(fake.openWindow('https://wmspanel.com/docs')).toEqual({ action: 'deny' });
    expect(fake.openWindow('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.openWindow('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(external).toEqual(['https://wmspanel.com/docs']);
  });

  it('blocks navigation away from the app but allows its own routes', () => {
    const { first, external } = setup();
    const fake = first();
    const away = navigation('https://evil.example/');
    fake.fire('wc:will-navigate', away);
    expect(away.prevented).toBe(true);
    expect(external).toEqual(['https://evil.example/']);

    const local = navigation('file:///home/user/.ssh/id_rsa');
    fake.fire('wc:will-navigate', local);
    expect(local.prevented).toBe(true);
    expect(external).toHaveLength(1);

    const own = navigation(`${APP_URL}#/incidents`);
    fake.fire('wc:will-navigate', own);
    expect(own.prevented).toBe(false);
  });

  it('hides on close unless quitting, remembering its bounds either way', () => {
    const { first, prefs, quit } = setup();
    const fake = first();
    fake.fire('ready-to-show');
    const close = navigation('');
    fake.fire('close', close);
    expect(close.prevented).toBe(true);
    expect(fake.state.visible).toBe(false);
    expect(prefs.get('windowBounds')).toEqual({ x: 40, y: 50, width: 900, height: 700, maximized: false });

    quit();
    const finalClose = navigation('');
    fake.fire('close', finalClose);
    expect(finalClose.prevented).toBe(false);
  });

  it('reopens at the remembered place, or only the size when that display is gone', () => {
    const onScreen = setup({ x: 100, y: 80, width: 1000, height: 800, maximized: false }).first();
    expect(onScreen.state.options).toMatchObject({ x: 100, y: 80, width: 1000, height: 800 });
    const offScreen = setup({ x: 5000, y: 80, width: 1000, height: 800, maximized: false }).first();
    expect(offScreen.state.options).toMatchObject({ width: 1000, height: 800 });
    expect(offScreen.state.options.x).toBeUndefined();
  });

  it('ignores a corrupt bounds file', () => {
    const { made, dashboard } = setup({ x: 'left' } as unknown as WindowBounds);
    dashboard.show();
    expect(made[0]?.state.options).toMatchObject({ width: 1100, height: 760 });
  });

  it('creates one window and routes it to an incident on later shows', () => {
    const { dashboard, made } = setup();
    dashboard.show();
    dashboard.show('#/incidents/12');
    expect(made).toHaveLength(1);
    expect(made[0]?.state.loaded).toEqual([APP_URL, `${APP_URL}#/incidents/12`]);
  });
});

describe('resolveAppUrl', () => {
  it('loads the built renderer, or a dev server on this machine only', () => {
    expect(resolveAppUrl('/app', {}).url).toBe('file:///app/dist/renderer/index.html');
    expect(resolveAppUrl('/app', { STREAMTRAY_DEV_URL: 'http://localhost:5173/' })).toEqual({
      url: 'http://localhost:5173/',
      warning: null,
    });
    const remote = resolveAppUrl('/app', { STREAMTRAY_DEV_URL: 'https://example.com/' });
    expect(remote.url).toBe('file:///app/dist/renderer/index.html');
    expect(remote.warning).toMatch(/STREAMTRAY_DEV_URL must be an http\(s\) URL on localhost/);
  });
});
