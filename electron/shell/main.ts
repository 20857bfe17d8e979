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
  protocol,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import ElectronStore from 'electron-store';
import type { BridgeEvent, BridgeHandlers } from '../../shared/bridge.ts';
import { resolveLocale } from '../../shared/i18n/locale.ts';
import type { Locale } from '../../shared/notices.ts';
import { ConfigError } from '../core/config/config-error.ts';
import { resolveAppPaths } from '../core/config/config-paths.ts';
import { ConfigStore } from '../core/config/config-store.ts';
import { startCore, type Core } from '../core/runtime/core.ts';
import { KeytarSecretStore } from '../core/secrets/keytar-secret-store.ts';
import { SecretVault } from '../core/secrets/secret-vault.ts';
import { acknowledgeAllOpen } from './acknowledge-all.ts';
import { APP_SCHEME, createAppProtocolHandler, registerAppScheme } from './app-protocol.ts';
import { resolveAppUrl } from './app-url.ts';
import { incidentRoute, sourceRoute } from './dashboard-routes.ts';
import { createDesktopSnooze, HOUR_MS, nextMorning, type DesktopSnooze } from './desktop-snooze.ts';
import { registerBridgeIpc, type BridgeIpc } from './ipc.ts';
import { createNativeNotifier, type NoticeCommands } from './notifications.ts';
import { denyAllPermissions, denyPermissionsInEverySession } from './permissions.ts';
import { watchPower } from './power.ts';
import { createSenderCheck } from './sender-check.ts';
import { claimSingleInstance } from './single-instance.ts';
import { trayIconPath } from './tray-icons.ts';
import { createTrayService, type TrayMenuItem, type TrayService, type TrayView } from './tray-service.ts';
import { createBoundsStore } from './window-bounds.ts';
import { guardAllWebContents } from './web-contents-guard.ts';
import { createDashboardWindow, type DashboardWindow } from './windows.ts';

// The shell's one wiring point (fiddle's main.ts): every feature is a small module; this file only creates
// the Electron objects, adapts them to those modules' interfaces and ties their lifetimes together.

const log = (message: string) => console.error(`streamtray: ${message}`);

let quitting = false;
let stopped = false;
let core: Core | null = null;
let dashboard: DashboardWindow | null = null;
let tray: TrayService | null = null;
const disposers: Array<() => void> = [];

/** Resolved before ready: the web-contents guard needs it before the first window exists. */
const { url: appUrl, warning: appUrlWarning } = resolveAppUrl(process.env, { packaged: app.isPackaged });

/** Where the tray's snooze is remembered, so a restart does not bring the notifications back early. */
const SNOOZE_PREF = 'notificationsSnoozedUntil';

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

function coreHandlers(): BridgeHandlers {
  if (!core) throw new Error('Streamtray is still starting: try again in a moment');
  return core.handlers;
}

/** The notification buttons reach the core once it runs (the notifier is made before it starts). */
const noticeCommands: NoticeCommands = {
  acknowledge: (request) => coreHandlers().acknowledge(request),
  mute: (request) => coreHandlers().mute(request),
};

function openExternalLink(url: string): Promise<void> {
  return shell.openExternal(url);
}

function createSnooze(prefs: ElectronStore<Record<string, unknown>>): DesktopSnooze {
  const snooze = createDesktopSnooze({
    now: Date.now,
    onChange: (untilMs) => {
      tray?.setSnooze(untilMs);
      prefs.set(SNOOZE_PREF, untilMs);
    },
  });
  const saved = prefs.get(SNOOZE_PREF);
  if (typeof saved === 'number') snooze.snooze(saved);
  return snooze;
}

function acknowledgeAllFromTray(): void {
  acknowledgeAllOpen(coreHandlers())
    .then(({ failures }) => {
      for (const failure of failures) log(`cannot acknowledge ${failure}`);
    })
    .catch((error: unknown) => log(`cannot acknowledge the open incidents: ${String(error)}`));
}

async function onReady(): Promise<void> {
  // Nothing in the dashboard needs a camera, notifications from the page, or any other permission.
  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(appRoot(), 'dist', 'renderer')));

  const paths = resolveAppPaths({ platform: process.platform, homedir: os.homedir(), env: process.env });
  const configStore = new ConfigStore(paths.configPath);
  const config = configStore.read();
  const vault = new SecretVault(new KeytarSecretStore(), process.env);

  if (appUrlWarning) log(appUrlWarning);

  let ipc: BridgeIpc | null = null;
  const uiPrefs = new ElectronStore<Record<string, unknown>>({ name: 'ui-prefs' });
  const snooze = createSnooze(uiPrefs);
  disposers.push(() => snooze.dispose());
  dashboard = createDashboardWindow({
    createWindow: (options) => new BrowserWindow(options),
    appUrl,
    preloadPath: path.join(appRoot(), 'dist-electron', 'preload.cjs'),
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
    supportsActions: process.platform === 'darwin' || process.platform === 'win32',
    locale: () => locale,
    sourceName: (id) => core?.config().sources.find((source) => source.id === id)?.name,
    open: (incidentId) => showDashboard(incidentRoute(incidentId)),
    commands: noticeCommands,
    snooze,
    now: Date.now,
    log,
  });

  const running = await startCore({
    config,
    configStore,
    vault,
    dataDir: paths.dataDir,
    notifier,
    webhooks: config.webhooks,
    systemLanguage: app.getLocale(),
    log,
  });
  core = running;
  locale = resolveLocale((await running.handlers.settings({})).locale, app.getLocale());

  const trayService: TrayService = createTrayService({
    createTray: (icon) => electronTray(icon, () => showDashboard()),
    iconPath: (state) => trayIconPath(trayIconDir(), state),
    locale,
    actions: {
      openDashboard: () => showDashboard(),
      openIncidents: () => showDashboard(incidentRoute(null)),
      openSource: (sourceId) => showDashboard(sourceRoute(sourceId)),
      acknowledgeAll: acknowledgeAllFromTray,
      muteNotifications: (length) =>
        snooze.snooze(length === 'hour' ? Date.now() + HOUR_MS : nextMorning(Date.now())),
      unmuteNotifications: () => snooze.lift(),
      setPaused: (paused) => {
        trayService.setPaused(paused);
        Promise.resolve(running.handlers.setPaused({ paused })).catch((error: unknown) =>
          log(`cannot pause: ${String(error)}`),
        );
      },
      quit: () => app.quit(),
    },
  });
  tray = trayService;
  trayService.setSnooze(snooze.until());
  trayService.setSnapshot(running.snapshot());
  disposers.push(() => {
    trayService.dispose();
    tray = null;
  });

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
        trayService.setSnapshot(snapshot);
        void Promise.resolve(running.handlers.settings({})).then((settings) => {
          locale = resolveLocale(settings.locale, app.getLocale());
          trayService.setLocale(locale);
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

  // All before ready: the scheme's privileges, and the guards every session and web contents get.
  registerAppScheme(protocol);
  denyPermissionsInEverySession(app);
  guardAllWebContents(app, { appUrl, openExternal: openExternalLink, log });

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
