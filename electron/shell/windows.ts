import { fitsOnSomeDisplay, type BoundsStore, type Rect } from './window-bounds.ts';
import { isAppUrl } from './sender-check.ts';

// The one dashboard window: sandboxed and context-isolated, with the Bridge preload and nothing else.
// It never opens other windows and never navigates away from our page; http(s) links go to the
// operator's browser. Closing hides it (the app lives in the tray) unless the app is quitting.

export interface NavigationEventLike {
  url: string;
  preventDefault(): void;
}

export interface WebContentsLike {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'did-start-loading', listener: () => void): unknown;
}

export interface CloseEventLike {
  preventDefault(): void;
}

export interface WindowLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  maximize(): void;
  isDestroyed(): boolean;
  getNormalBounds(): Rect;
  on(event: 'close', listener: (event: CloseEventLike) => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

/** The options the factory receives: the subset of BrowserWindowConstructorOptions we set. */
export interface DashboardWindowOptions {
  title: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  autoHideMenuBar: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    webSecurity: true;
    spellcheck: false;
  };
}

export interface DashboardWindowDeps {
  createWindow: (options: DashboardWindowOptions) => WindowLike;
  /** file:// URL of dist/renderer/index.html, or the Vite dev server's URL. */
  appUrl: string;
  preloadPath: string;
  openExternal: (url: string) => void | Promise<void>;
  bounds: BoundsStore;
  /** Work areas of the displays now attached, to drop a saved place on a monitor that is gone. */
  workAreas: () => readonly Rect[];
  isQuitting: () => boolean;
  /** The page starts (re)loading: its renderer is not listening for events until it says so again. */
  onLoading?: (webContentsId: number) => void;
  log?: (message: string) => void;
}

export interface DashboardWindow {
  /** Shows (creating if needed) and focuses the window; `route` is a fragment like `#/incidents/12`. */
  show(route?: string): void;
  hide(): void;
  /** The live window, if any. */
  current(): WindowLike | null;
}

const DEFAULT_SIZE = { width: 1100, height: 760 };

export function isExternalHttpUrl(url: string): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Denies every new window and every navigation off our page; http(s) links open in the browser. */
export function guardNavigation(
  webContents: WebContentsLike,
  options: {
    appUrl: string;
    openExternal: (url: string) => void | Promise<void>;
    log?: (message: string) => void;
  },
): void {
  const openOutside = (url: string) => {
    if (!isExternalHttpUrl(url)) {
      options.log?.(`blocked a link to a non-web URL (${url.split(':')[0] ?? '?'}:)`);
      return;
    }
    void Promise.resolve(options.openExternal(url)).catch((error: unknown) =>
      options.log?.(
        `cannot open a link in the browser: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  };
  webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  webContents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, options.appUrl)) return;
    event.preventDefault();
    openOutside(event.url);
  });
}

function withRoute(appUrl: string, route: string | undefined): string {
  if (!route) return appUrl;
  const url = new URL(appUrl);
  url.hash = route.replace(/^#/, '');
  return url.toString();
}

export function createDashboardWindow(deps: DashboardWindowDeps): DashboardWindow {
  let window: WindowLike | null = null;

  function saveBounds(win: WindowLike): void {
    const { x, y, width, height } = win.getNormalBounds();
    try {
      deps.bounds.set({ x, y, width, height, maximized: win.isMaximized() });
    } catch (error) {
      deps.log?.(
        `cannot remember the window's place: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  function create(route: string | undefined): WindowLike {
    const saved = deps.bounds.get();
    const place = saved && fitsOnSomeDisplay(saved, deps.workAreas()) ? saved : null;
    const win = deps.createWindow({
      title: 'Streamtray',
      width: saved?.width ?? DEFAULT_SIZE.width,
      height: saved?.height ?? DEFAULT_SIZE.height,
      ...(place ? { x: place.x, y: place.y } : {}),
      minWidth: 720,
      minHeight: 480,
      // Shown once painted, so the operator never sees a white flash.
      show: false,
      autoHideMenuBar: true,
      webPreferences: {
        preload: deps.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    guardNavigation(win.webContents, {
      appUrl: deps.appUrl,
      openExternal: deps.openExternal,
      ...(deps.log ? { log: deps.log } : {}),
    });
    const webContentsId = win.webContents.id;
    win.webContents.on('did-start-loading', () => deps.onLoading?.(webContentsId));
    win.on('close', (event) => {
      saveBounds(win);
      if (deps.isQuitting()) return;
      event.preventDefault();
      win.hide();
    });
    win.once('ready-to-show', () => {
      if (saved?.maximized) win.maximize();
      win.show();
    });
    void win.loadURL(withRoute(deps.appUrl, route)).catch((error: unknown) => {
      deps.log?.(`cannot load the dashboard: ${error instanceof Error ? error.message : String(error)}`);
    });
    return win;
  }

  function current(): WindowLike | null {
    if (window && window.isDestroyed()) window = null;
    return window;
  }

  return {
    show(route) {
      const existing = current();
      if (!existing) {
        window = create(route);
        return;
      }
      // A fragment-only change is an in-page navigation: the page is not reloaded.
      if (route) void existing.loadURL(withRoute(deps.appUrl, route)).catch(() => undefined);
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
    },
    hide() {
      current()?.hide();
    },
    current,
  };
}
