import os from 'node:os';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import ElectronStore from 'electron-store';
import type { BridgeEvent } from '../../shared/bridge.ts';
import { resolveLocale } from '../../shared/i18n/locale.ts';
import type { Locale } from '../../shared/notices.ts';
import { ConfigError } from '../core/config/config-error.ts';
import { resolveAppPaths } from '../core/config/config-paths.ts';
import { ConfigStore } from '../core/config/config-store.ts';
import { startCore, type Core } from '../core/runtime/core.ts';
import { KeytarSecretStore } from '../core/secrets/keytar-secret-store.ts';
import { SecretVault } from '../core/secrets/secret-vault.ts';
import { openHistoryStore } from '../core/store/history/history-store.ts';
import { resolveAppUrl } from './app-url.ts';
import { registerBridgeIpc, type BridgeIpc } from './ipc.ts';
import { createNativeNotifier, incidentRoute } from './notifications.ts';
import { watchPower } from './power.ts';
import { createSenderCheck } from './sender-check.ts';
import { claimSingleInstance } from './single-instance.ts';
import { trayIconPath } from './tray-icons.ts';
import { createTrayService, type TrayMenuItem, type TrayService, type TrayView } from './tray-service.ts';
import { createBoundsStore } from './window-bounds.ts';
import { createDashboardWindow, type DashboardWindow } from './windows.ts';

// The shell's one wiring point (fiddle's main.ts): every feature is a small module; this file only creates
// the Electron objects, adapts them to those modules' interfaces and ties their lifetimes together.

const log = (message: string) => console.error(`streamtray: ${message}`);

let quitting = false;
let stopped = false;
let core: Core | null = null;
let dashboard: DashboardWindow | null = null;
const disposers: Array<() => void> = [];

function appRoot(): string {
  return app.getAppPath();
}

function trayIconDir(): string {
  // Packaged: electron-builder copies build/icons/tray next to the asar (extraResources).
  return app.isPackaged
    ? path.join(process.resourcesPath, 'tray')
    : path.join(appRoot(), 'build', 'icons', 'tray');
}

function electronTray(iconPath: string, onClick: () => void): TrayView {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.on('click', onClick);
  return {
    setImage: (file) => tray.setImage(nativeImage.createFromPath(file)),
    setToolTip: (text) => tray.setToolTip(text),
    // Only macOS shows text beside a tray icon; elsewhere the tooltip carries the numbers.
    setTitle: (text) => {
      if (process.platform === 'darwin') tray.setTitle(text);
    },
    setContextMenu: (items: readonly TrayMenuItem[], onPick) =>
      tray.setContextMenu(
        Menu.buildFromTemplate(
          items.map((item) =>
            item.type === 'separator'
              ? { type: 'separator' as const }
              : { label: item.label, enabled: item.enabled, click: () => onPick(item.id) },
          ),
        ),
      ),
    destroy: () => tray.destroy(),
  };
}

function showDashboard(route?: string): void {
  dashboard?.show(route);
}

async function onReady(): Promise<void> {
  // Nothing in the dashboard needs a camera, notifications from the page, or any other permission.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const paths = resolveAppPaths({ platform: process.platform, homedir: os.homedir(), env: process.env });
  const configStore = new ConfigStore(paths.configPath);
  const config = configStore.read();
  const vault = new SecretVault(new KeytarSecretStore(), process.env);

  const { url: appUrl, warning } = resolveAppUrl(appRoot(), process.env);
  if (warning) log(warning);

  let ipc: BridgeIpc | null = null;
  const uiPrefs = new ElectronStore<Record<string, unknown>>({ name: 'ui-prefs' });
  dashboard = createDashboardWindow({
    createWindow: (options) => new BrowserWindow(options),
    appUrl,
    preloadPath: path.join(appRoot(), 'dist-electron', 'preload.cjs'),
    openExternal: (url) => shell.openExternal(url),
    bounds: createBoundsStore(uiPrefs),
    workAreas: () => screen.getAllDisplays().map((display) => display.workArea),
    isQuitting: () => quitting,
    onLoading: (id) => ipc?.notReady(id),
    log,
  });

  let locale: Locale = 'en';
  const notifier = createNativeNotifier({
    createNotification: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    locale: () => locale,
    sourceName: (id) => config.sources.find((source) => source.id === id)?.name,
    open: (incidentId) => showDashboard(incidentRoute(incidentId)),
  });

  const running = await startCore({
    config,
    configStore,
    vault,
    dataDir: paths.dataDir,
    notifier,
    webhooks: config.webhooks,
    openHistory: (dataDir, storage) =>
      openHistoryStore({ file: path.join(dataDir, 'history.sqlite'), storage }),
    log,
  });
  core = running;
  locale = resolveLocale((await running.handlers.settings({})).locale, app.getLocale());

  const tray: TrayService = createTrayService({
    createTray: (icon) => electronTray(icon, () => showDashboard()),
    iconPath: (state) => trayIconPath(trayIconDir(), state),
    locale,
    actions: {
      openDashboard: () => showDashboard(),
      openIncidents: () => showDashboard(incidentRoute(null)),
      setPaused: (paused) => {
        tray.setPaused(paused);
        Promise.resolve(running.handlers.setPaused({ paused })).catch((error: unknown) =>
          log(`cannot pause: ${String(error)}`),
        );
      },
      quit: () => app.quit(),
    },
  });
  const initial = running.snapshot();
  tray.setPaused(initial.paused);
  tray.setGlance(initial.glance);
  disposers.push(() => tray.dispose());

  const registered = registerBridgeIpc({
    ipcMain,
    handlers: running.handlers,
    isTrustedSender: createSenderCheck({
      appUrl,
      windowIds: () => {
        const win = dashboard?.current();
        return win ? [win.webContents.id] : [];
      },
    }),
    targets: () => {
      const win = dashboard?.current();
      return win ? [win.webContents] : [];
    },
    log,
  });
  ipc = registered;
  disposers.push(() => registered.dispose());

  disposers.push(
    running.subscribe((name, payload) => {
      registered.publish(name, payload);
      if (name === 'snapshot') {
        // The listener is generic over the event name; for 'snapshot' the payload is a Snapshot.
        const snapshot = payload as BridgeEvent<'snapshot'>;
        tray.setPaused(snapshot.paused);
        tray.setGlance(snapshot.glance);
        void Promise.resolve(running.handlers.settings({})).then((settings) => {
          locale = resolveLocale(settings.locale, app.getLocale());
          tray.setLocale(locale);
        });
      }
    }),
  );

  disposers.push(
    watchPower({
      powerMonitor,
      isPaused: () => running.snapshot().paused,
      setPaused: (paused) => Promise.resolve(running.handlers.setPaused({ paused })),
      log,
    }),
  );

  // Started at login with --hidden, the app stays in the tray; otherwise the operator wants to see it.
  if (!process.argv.includes('--hidden')) showDashboard();
}

async function shutdown(): Promise<void> {
  for (const dispose of disposers.splice(0).reverse()) {
    try {
      dispose();
    } catch (error) {
      log(`shutdown: ${String(error)}`);
    }
  }
  // In-flight history and alert-log writes are committed before the process goes.
  await core?.stop();
  core = null;
}

function fail(error: unknown): void {
  const title =
    error instanceof ConfigError ? 'Streamtray cannot use its config file' : 'Streamtray could not start';
  dialog.showErrorBox(title, error instanceof Error ? error.message : String(error));
  quitting = true;
  void shutdown().finally(() => app.exit(1));
}

export function runMain(): void {
  if (!claimSingleInstance(app, () => showDashboard())) return;
  if (process.platform === 'win32') app.setAppUserModelId('app.streamtray');

  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => showDashboard());
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    void shutdown()
      .catch((error: unknown) => log(`shutdown failed: ${String(error)}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app.whenReady().then(onReady).catch(fail);
}

runMain();
