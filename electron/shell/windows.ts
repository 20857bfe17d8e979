import { fitsOnSomeDisplay, type BoundsStore, type Rect } from './window-bounds.ts';

// The one dashboard window: sandboxed and context-isolated, with the Bridge preload and nothing else.
// New windows, webviews and navigation off our page are refused for every web contents by
// web-contents-guard.ts. Closing hides it (the app lives in the tray) unless the app is quitting.
// A route (`#/incidents/12`, from a notification or the tray) lands even while the page is still loading.

export interface WebContentsLike {
  readonly id: number;
  isDestroyed(): boolean;
  isLoading(): boolean;
  send(channel: string, ...args: unknown[]): void;
  on(event: 'did-start-loading', listener: () => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
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
    allowRunningInsecureContent: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    spellcheck: false;
  };
}

export interface DashboardWindowDeps {
  createWindow: (options: DashboardWindowOptions) => WindowLike;
  /** app://streamtray/index.html, or the Vite dev server's URL. */
  appUrl: string;
  preloadPath: string;
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

/** The app URL showing `route`; the hash is all that changes, so the page is not reloaded. */
export function withRoute(appUrl: string, route: string | undefined): string {
  if (!route) return appUrl;
  const url = new URL(appUrl);
  url.hash = route.replace(/^#/, '');
  return url.toString();
}

export function createDashboardWindow(deps: DashboardWindowDeps): DashboardWindow {
  let window: WindowLike | null = null;
  // A route asked for while the page loads: applied once it has loaded, so the load is not restarted.
  let pendingRoute: string | null = null;

  function load(win: WindowLike, route: string | undefined): void {
    void win.loadURL(withRoute(deps.appUrl, route)).catch((error: unknown) => {
      deps.log?.(`cannot load the dashboard: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  function goTo(win: WindowLike, route: string): void {
    if (win.webContents.isLoading()) {
      pendingRoute = route;
      return;
    }
    load(win, route);
  }

  function applyPendingRoute(win: WindowLike): void {
    const route = pendingRoute;
    pendingRoute = null;
    if (route !== null) load(win, route);
  }

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
        allowRunningInsecureContent: false,
        webviewTag: false,
        // A file dropped on the window would otherwise replace the dashboard with that file.
        navigateOnDragDrop: false,
        spellcheck: false,
      },
    });
    const webContentsId = win.webContents.id;
    win.webContents.on('did-start-loading', () => deps.onLoading?.(webContentsId));
    win.webContents.on('did-finish-load', () => applyPendingRoute(win));
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
    pendingRoute = null;
    load(win, route);
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
      if (route) goTo(existing, route);
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
