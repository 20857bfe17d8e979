import { describe, expect, it } from 'vitest';
import { createBoundsStore, type WindowBounds } from '../../../electron/shell/window-bounds.ts';
import {
  createDashboardWindow,
  type CloseEventLike,
  type DashboardWindowOptions,
  type WindowLike,
} from '../../../electron/shell/windows.ts';

const APP_URL = 'app://streamtray/index.html';

function fakeWindow(options: DashboardWindowOptions) {
  const handlers: Record<string, Array<(event: never) => unknown>> = {};
  const state = {
    visible: false,
    loading: false,
    shows: 0,
    loaded: [] as string[],
    options,
    bounds: { x: 40, y: 50, width: 900, height: 700 },
  };
  const add = (event: string, fn: (event: never) => unknown) => void (handlers[event] ??= []).push(fn);
  const win: WindowLike = {
    webContents: {
      id: 3,
      isDestroyed: () => false,
      isLoading: () => state.loading,
      send: () => undefined,
      on: (event: string, fn: (event: never) => unknown) => add(`wc:${event}`, fn),
    },
    loadURL: (url) => {
      state.loaded.push(url);
      return Promise.resolve();
    },
    show: () => {
      state.visible = true;
      state.shows += 1;
    },
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
  return { win, state, fire };
}

function setup(saved: WindowBounds | null = null) {
  const made: Array<ReturnType<typeof fakeWindow>> = [];
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
  return { dashboard, made, prefs, first, quit: () => (quitting = true) };
}

function closeEvent(): CloseEventLike & { prevented: boolean } {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

describe('dashboard window', () => {
  it('is sandboxed and context-isolated with web security on and Node off, and shown once painted', () => {
    const { first } = setup();
    const fake = first();
    expect(fake.state.options.webPreferences).toEqual({
      preload: '/app/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
    expect(fake.state.loaded).toEqual([APP_URL]);
    expect(fake.state.visible).toBe(false);
    fake.fire('ready-to-show');
    expect(fake.state.visible).toBe(true);
  });

  it('hides on close unless quitting, remembering its bounds either way', () => {
    const { first, prefs, quit } = setup();
    const fake = first();
    fake.fire('ready-to-show');
    const close = closeEvent();
    fake.fire('close', close);
    expect(close.prevented).toBe(true);
    expect(fake.state.visible).toBe(false);
    expect(prefs.get('windowBounds')).toEqual({ x: 40, y: 50, width: 900, height: 700, maximized: false });

    quit();
    const finalClose = closeEvent();
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

  it('opens straight at an incident when there is no window yet', () => {
    const { dashboard, made } = setup();
    dashboard.show('#/incidents/12');
    expect(made).toHaveLength(1);
    expect(made[0]?.state.loaded).toEqual([`${APP_URL}#/incidents/12`]);
  });

  it('brings the existing window forward at the incident that was clicked', () => {
    const { dashboard, made } = setup();
    dashboard.show();
    dashboard.show('#/incidents/12');
    expect(made).toHaveLength(1);
    expect(made[0]?.state.loaded).toEqual([APP_URL, `${APP_URL}#/incidents/12`]);
    expect(made[0]?.state.visible).toBe(true);
  });

  it('lands on the clicked incident even while the page is still loading, without restarting the load', () => {
    const { dashboard, made } = setup();
    dashboard.show();
    const fake = made[0];
    if (!fake) throw new Error('no window');
    fake.state.loading = true;
    dashboard.show('#/incidents/7');
    dashboard.show('#/incidents/12');
    expect(fake.state.loaded).toEqual([APP_URL]);
    expect(fake.state.visible).toBe(true);
    fake.state.loading = false;
    fake.fire('wc:did-finish-load');
    expect(fake.state.loaded).toEqual([APP_URL, `${APP_URL}#/incidents/12`]);
    fake.fire('wc:did-finish-load');
    expect(fake.state.loaded).toHaveLength(2);
  });
});
