import type { Glance } from '../../shared/bridge.ts';
import type { Locale } from '../../shared/notices.ts';
import { formatBitrate, formatCount } from '../../shared/units.ts';
import { TRAY_WORDS } from './tray-words.ts';

// The tray glance as a small service (Signal's SystemTrayService pattern): idempotent setters that all
// funnel into one render(), which touches the OS tray only for the parts that changed. The tray itself
// comes from an injected factory, so this runs and is tested without Electron.

export type TrayMenuItem =
  { type: 'separator' } | { type: 'normal'; label: string; enabled: boolean; id: string };

/** The few things the service does to a tray; main.ts adapts Electron's Tray and Menu to it. */
export interface TrayView {
  setImage(iconPath: string): void;
  setToolTip(text: string): void;
  /** Text beside the icon (macOS menu bar); the adapter ignores it where the OS has no tray title. */
  setTitle(text: string): void;
  /** `onPick` is called with the item's id when the operator chooses it. */
  setContextMenu(items: readonly TrayMenuItem[], onPick: (id: string) => void): void;
  destroy(): void;
}

export interface TrayActions {
  openDashboard(): void;
  openIncidents(): void;
  setPaused(paused: boolean): void;
  quit(): void;
}

export interface TrayServiceOptions {
  createTray: (iconPath: string) => TrayView;
  iconPath: (state: Glance['state']) => string;
  actions: TrayActions;
  locale?: Locale;
}

export interface TrayService {
  setGlance(glance: Glance): void;
  setPaused(paused: boolean): void;
  setLocale(locale: Locale): void;
  /** How many times the OS tray was actually touched (for tests and diagnostics). */
  readonly renders: number;
  dispose(): void;
}

interface TrayLook {
  icon: string;
  title: string;
  tooltip: string;
  menu: TrayMenuItem[];
}

const IDLE_GLANCE: Glance = { viewers: null, bandwidthBps: null, state: 'idle', openIncidents: 0 };

export function trayTitle(glance: Glance): string {
  if (glance.viewers === null && glance.bandwidthBps === null) return '';
  return `${formatCount(glance.viewers)} · ${formatBitrate(glance.bandwidthBps)}`;
}

export function createTrayService(options: TrayServiceOptions): TrayService {
  let glance = IDLE_GLANCE;
  let paused = false;
  let locale: Locale = options.locale ?? 'en';
  let tray: TrayView | null = null;
  let shown: TrayLook | null = null;
  let menuKey = '';
  let renders = 0;
  let disposed = false;

  function look(): TrayLook {
    const words = TRAY_WORDS[locale];
    const state = words.state[glance.state];
    const totals =
      glance.viewers === null && glance.bandwidthBps === null
        ? ''
        : `${formatCount(glance.viewers)} ${words.viewers} · ${formatBitrate(glance.bandwidthBps)} — `;
    return {
      icon: options.iconPath(glance.state),
      title: trayTitle(glance),
      tooltip: `Streamtray: ${totals}${state}`,
      menu: [
        { type: 'normal', id: 'open', label: words.openDashboard, enabled: true },
        { type: 'normal', id: 'pause', label: paused ? words.resume : words.pause, enabled: true },
        {
          type: 'normal',
          id: 'incidents',
          label: words.incidents(glance.openIncidents),
          enabled: glance.openIncidents > 0,
        },
        { type: 'separator' },
        { type: 'normal', id: 'quit', label: words.quit, enabled: true },
      ],
    };
  }

  function onPick(id: string): void {
    if (id === 'open') options.actions.openDashboard();
    else if (id === 'pause') options.actions.setPaused(!paused);
    else if (id === 'incidents') options.actions.openIncidents();
    else if (id === 'quit') options.actions.quit();
  }

  function render(): void {
    if (disposed) return;
    const next = look();
    const nextMenuKey = JSON.stringify(next.menu);
    if (
      shown &&
      shown.icon === next.icon &&
      shown.title === next.title &&
      shown.tooltip === next.tooltip &&
      menuKey === nextMenuKey
    ) {
      return;
    }
    renders += 1;
    if (!tray) {
      tray = options.createTray(next.icon);
    } else if (shown?.icon !== next.icon) {
      tray.setImage(next.icon);
    }
    if (shown?.title !== next.title) tray.setTitle(next.title);
    if (shown?.tooltip !== next.tooltip) tray.setToolTip(next.tooltip);
    // Rebuilding a native menu is the costly part, and it closes the menu if it is open: only on change.
    if (menuKey !== nextMenuKey) tray.setContextMenu(next.menu, onPick);
    shown = next;
    menuKey = nextMenuKey;
  }

  render();

  return {
    setGlance(next) {
      glance = next;
      render();
    },
    setPaused(next) {
      paused = next;
      render();
    },
    setLocale(next) {
      locale = next;
      render();
    },
    get renders() {
      return renders;
    },
    dispose() {
      disposed = true;
      tray?.destroy();
      tray = null;
    },
  };
}
