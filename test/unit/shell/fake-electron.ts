// One hand-written fake of the Electron objects main.ts touches (fiddle's tests/mocks/electron.ts), installed
// with vi.mock('electron'). It records what the shell did so tests can assert on it and fire app events.

type Fn = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Fn[]>();
  on(event: string, fn: Fn): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Fn): this {
    return this.on(event, fn);
  }
  removeListener(event: string, fn: Fn): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== fn),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(event) ?? []) (fn as (...a: unknown[]) => unknown)(...args);
  }
}

function createFakeState() {
  return {
    lock: true,
    quits: 0,
    exits: [] as number[],
    errorBoxes: [] as string[],
    trays: [] as FakeTray[],
    windows: [] as FakeBrowserWindow[],
    notifications: [] as FakeNotification[],
    handled: new Set<string>(),
    appPath: '/opt/streamtray',
    isReady: false,
    /** Schemes registered as privileged, and whether the app was ready at that moment. */
    privileged: [] as Array<{ scheme: string; privileges: Record<string, unknown>; beforeReady: boolean }>,
    protocolHandlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
    permissionRequest: null as null | ((...args: never[]) => unknown),
    permissionCheck: null as null | ((...args: never[]) => unknown),
    devicePermission: null as null | ((...args: never[]) => unknown),
    opened: [] as string[],
    resolveReady: () => undefined as void,
    app: new Emitter(),
    powerMonitor: new Emitter(),
    reset(): void {
      this.lock = true;
      this.quits = 0;
      this.exits = [];
      this.errorBoxes = [];
      this.trays = [];
      this.windows = [];
      this.notifications = [];
      this.handled = new Set();
      this.appPath = '/opt/streamtray';
      this.isReady = false;
      this.privileged = [];
      this.protocolHandlers = new Map();
      this.permissionRequest = null;
      this.permissionCheck = null;
      this.devicePermission = null;
      this.opened = [];
      this.app = new Emitter();
      this.powerMonitor.listeners.clear();
    },
  };
}

// Tests reset the module registry to launch main.ts afresh; the recorded state must survive that, so it
// lives on globalThis rather than in this module instance.
const holder = globalThis as { __streamtrayFakeElectron?: ReturnType<typeof createFakeState> };
export const fake = (holder.__streamtrayFakeElectron ??= createFakeState());

export class FakeTray extends Emitter {
  image: string;
  tooltip = '';
  title = '';
  menu: unknown = null;
  destroyed = false;
  constructor(image: { path: string }) {
    super();
    this.image = image.path;
    fake.trays.push(this);
  }
  setImage(image: { path: string }): void {
    this.image = image.path;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

let nextId = 1;

/** A web contents as the guard sees it: records the window-open handler so tests can call it. */
export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  loading = false;
  isDestroyed(): boolean {
    return false;
  }
  isLoading(): boolean {
    return this.loading;
  }
  send(): void {}
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
}

export class FakeBrowserWindow extends Emitter {
  readonly options: unknown;
  readonly webContents = new FakeWebContents();
  shows = 0;
  focuses = 0;
  loaded: string[] = [];
  constructor(options: unknown) {
    super();
    this.options = options;
    fake.windows.push(this);
    // Electron announces every new web contents on the app before anything else sees it.
    fake.app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shows += 1;
  }
  focus(): void {
    this.focuses += 1;
  }
  hide(): void {}
  restore(): void {}
  maximize(): void {}
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return false;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 800, height: 600 };
  }
}

export class FakeNotification extends Emitter {
  readonly options: unknown;
  shown = false;
  constructor(options: unknown) {
    super();
    this.options = options;
    fake.notifications.push(this);
  }
  static isSupported(): boolean {
    return true;
  }
  show(): void {
    this.shown = true;
  }
}

export const electronModule = {
  app: {
    requestSingleInstanceLock: () => fake.lock,
    on: (event: string, fn: Fn) => fake.app.on(event, fn),
    quit: () => {
      fake.quits += 1;
      fake.app.emit('before-quit', { preventDefault: () => undefined });
    },
    exit: (code: number) => void fake.exits.push(code),
    whenReady: () =>
      new Promise<void>((resolve) => {
        fake.resolveReady = () => {
          fake.isReady = true;
          resolve();
        };
      }),
    getAppPath: () => fake.appPath,
    getLocale: () => 'en-US',
    isPackaged: false,
    setAppUserModelId: () => undefined,
  },
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
  Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
  nativeImage: { createFromPath: (path: string) => ({ path }) },
  ipcMain: {
    handle: (channel: string) => void fake.handled.add(channel),
    removeHandler: (channel: string) => void fake.handled.delete(channel),
    on: () => undefined,
    removeListener: () => undefined,
  },
  powerMonitor: fake.powerMonitor,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  protocol: {
    registerSchemesAsPrivileged: (
      schemes: Array<{ scheme: string; privileges: Record<string, unknown> }>,
    ) => {
      for (const scheme of schemes) fake.privileged.push({ ...scheme, beforeReady: !fake.isReady });
    },
    handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) =>
      void fake.protocolHandlers.set(scheme, handler),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: (...args: never[]) => unknown) =>
        void (fake.permissionRequest = handler),
      setPermissionCheckHandler: (handler: (...args: never[]) => unknown) =>
        void (fake.permissionCheck = handler),
      setDevicePermissionHandler: (handler: (...args: never[]) => unknown) =>
        void (fake.devicePermission = handler),
    },
  },
  shell: {
    openExternal: (url: string) => {
      fake.opened.push(url);
      return Promise.resolve();
    },
  },
  dialog: { showErrorBox: (title: string, body: string) => void fake.errorBoxes.push(`${title}: ${body}`) },
  contextBridge: { exposeInMainWorld: () => undefined },
  ipcRenderer: new Emitter(),
};
