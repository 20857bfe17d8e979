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
    handled: new Set<string>(),
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
      this.handled = new Set();
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
export class FakeBrowserWindow extends Emitter {
  readonly options: unknown;
  readonly webContents = Object.assign(new Emitter(), {
    id: nextId++,
    isDestroyed: () => false,
    send: () => undefined,
    setWindowOpenHandler: () => undefined,
  });
  shows = 0;
  focuses = 0;
  loaded: string[] = [];
  constructor(options: unknown) {
    super();
    this.options = options;
    fake.windows.push(this);
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

class FakeNotification extends Emitter {
  static isSupported(): boolean {
    return true;
  }
  show(): void {}
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
    whenReady: () => new Promise<void>((resolve) => (fake.resolveReady = resolve)),
    getAppPath: () => '/opt/streamtray',
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
  session: { defaultSession: { setPermissionRequestHandler: () => undefined } },
  shell: { openExternal: () => Promise.resolve() },
  dialog: { showErrorBox: (title: string, body: string) => void fake.errorBoxes.push(`${title}: ${body}`) },
  contextBridge: { exposeInMainWorld: () => undefined },
  ipcRenderer: new Emitter(),
};
