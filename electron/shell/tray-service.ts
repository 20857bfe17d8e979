import type { Glance, Snapshot, SourceSnapshot } from '../../shared/bridge.ts';
import type { Locale } from '../../shared/notices.ts';
import { formatBitrate, formatCount } from '../../shared/units.ts';
import { TRAY_WORDS, type TraySourceStatus, type TrayWords } from './tray-words.ts';

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
  /** The operator picked a source's line: show that source. */
  openSource(sourceId: string): void;
  /** Acknowledge every open incident nobody has acknowledged yet. */
  acknowledgeAll(): void;
  /** Snooze desktop notifications for an hour, or until tomorrow morning. */
  muteNotifications(length: 'hour' | 'tomorrow'): void;
  unmuteNotifications(): void;
  setPaused(paused: boolean): void;
  quit(): void;
}

export interface TrayServiceOptions {
  createTray: (iconPath: string) => TrayView;
  iconPath: (state: Glance['state']) => string;
  actions: TrayActions;
  locale?: Locale;
  now?: () => number;
}

export interface TraySourceLine {
  id: string;
  name: string;
  viewers: number | null;
  status: TraySourceStatus;
}

export interface TrayService {
  /** Everything the tray shows from the core: glance, pause, sources and unacknowledged incidents. */
  setSnapshot(snapshot: Snapshot): void;
  setGlance(glance: Glance): void;
  setPaused(paused: boolean): void;
  setLocale(locale: Locale): void;
  /** When the desktop-notification snooze lifts; null when not snoozed. */
  setSnooze(untilMs: number | null): void;
  /** How many times the OS tray was actually touched (for tests and diagnostics). */
  readonly renders: number;
  dispose(): void;
}

interface TrayState {
  glance: Glance;
  paused: boolean;
  locale: Locale;
  sources: readonly TraySourceLine[];
  unacknowledged: number;
  snoozedUntil: number | null;
}

interface TrayLook {
  icon: string;
  title: string;
  tooltip: string;
  menu: TrayMenuItem[];
}

/** A long list of sources would push the actions off screen: the rest are counted. */
export const MAX_SOURCE_LINES = 10;
const MORE_SOURCES_ID = 'more-sources';
const SOURCE_ID_PREFIX = 'source:';

const IDLE_GLANCE: Glance = { viewers: null, bandwidthBps: null, state: 'idle', openIncidents: 0 };

export function trayTitle(glance: Glance): string {
  if (glance.viewers === null && glance.bandwidthBps === null) return '';
  return `${formatCount(glance.viewers)} · ${formatBitrate(glance.bandwidthBps)}`;
}

export function sourceStatus(source: SourceSnapshot): TraySourceStatus {
  if (source.state === 'paused' || source.state === 'stopped' || source.state === 'held') return source.state;
  const failedLast =
    source.lastError !== null &&
    (source.lastSuccessAt === null || (source.lastErrorAt ?? 0) > source.lastSuccessAt);
  if (failedLast) return 'error';
  if (source.stale) return 'stale';
  if (source.lastSuccessAt === null) return 'waiting';
  return 'ok';
}

export function traySourceLines(sources: readonly SourceSnapshot[]): TraySourceLine[] {
  return sources.map((source) => ({
    id: source.id,
    name: source.name,
    viewers: source.viewers,
    status: sourceStatus(source),
  }));
}

/** "08:00" today, "Wed 08:00" on another day, in the operator's language and local time. */
export function formatLiftTime(untilMs: number, nowMs: number, locale: Locale): string {
  const until = new Date(untilMs);
  const sameDay = until.toDateString() === new Date(nowMs).toDateString();
  return new Intl.DateTimeFormat(locale, {
    ...(sameDay ? {} : { weekday: 'short' as const }),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(until);
}

function sourceLabel(line: TraySourceLine, words: TrayWords): string {
  const viewers = line.viewers === null ? '' : ` — ${formatCount(line.viewers)} ${words.viewers}`;
  return `${line.name}${viewers} · ${words.sourceStatus[line.status]}`;
}

function sourceItems(sources: readonly TraySourceLine[], words: TrayWords): TrayMenuItem[] {
  if (sources.length === 0) return [];
  const items: TrayMenuItem[] = sources.slice(0, MAX_SOURCE_LINES).map((line) => ({
    type: 'normal',
    id: `${SOURCE_ID_PREFIX}${line.id}`,
    label: sourceLabel(line, words),
    enabled: true,
  }));
  const hidden = sources.length - MAX_SOURCE_LINES;
  if (hidden > 0)
    items.push({ type: 'normal', id: MORE_SOURCES_ID, label: words.moreSources(hidden), enabled: true });
  items.push({ type: 'separator' });
  return items;
}

function snoozeItems(
  snoozedUntil: number | null,
  now: number,
  state: TrayState,
  words: TrayWords,
): TrayMenuItem[] {
  if (snoozedUntil === null) {
    return [
      { type: 'normal', id: 'mute-hour', label: words.muteHour, enabled: true },
      { type: 'normal', id: 'mute-tomorrow', label: words.muteUntilTomorrow, enabled: true },
    ];
  }
  return [
    {
      type: 'normal',
      id: 'muted-until',
      label: words.mutedUntil(formatLiftTime(snoozedUntil, now, state.locale)),
      enabled: false,
    },
    { type: 'normal', id: 'unmute', label: words.unmute, enabled: true },
  ];
}

function trayLook(state: TrayState, now: number, iconPath: TrayServiceOptions['iconPath']): TrayLook {
  const words = TRAY_WORDS[state.locale];
  const { glance } = state;
  const snoozedUntil = state.snoozedUntil !== null && state.snoozedUntil > now ? state.snoozedUntil : null;
  const totals =
    glance.viewers === null && glance.bandwidthBps === null
      ? ''
      : `${formatCount(glance.viewers)} ${words.viewers} · ${formatBitrate(glance.bandwidthBps)} — `;
  return {
    icon: iconPath(glance.state),
    title: trayTitle(glance),
    tooltip: `Streamtray: ${totals}${words.state[glance.state]}${snoozedUntil === null ? '' : ` · ${words.muted}`}`,
    menu: [
      { type: 'normal', id: 'open', label: words.openDashboard, enabled: true },
      { type: 'separator' },
      ...sourceItems(state.sources, words),
      {
        type: 'normal',
        id: 'incidents',
        label: words.incidents(glance.openIncidents),
        enabled: glance.openIncidents > 0,
      },
      {
        type: 'normal',
        id: 'acknowledge-all',
        label: words.acknowledgeAll(state.unacknowledged),
        enabled: state.unacknowledged > 0,
      },
      { type: 'separator' },
      ...snoozeItems(snoozedUntil, now, state, words),
      { type: 'normal', id: 'pause', label: state.paused ? words.resume : words.pause, enabled: true },
      { type: 'separator' },
      { type: 'normal', id: 'quit', label: words.quit, enabled: true },
    ],
  };
}

function pick(id: string, state: TrayState, actions: TrayActions): void {
  if (id.startsWith(SOURCE_ID_PREFIX)) {
    actions.openSource(id.slice(SOURCE_ID_PREFIX.length));
    return;
  }
  switch (id) {
    case 'open':
    case MORE_SOURCES_ID:
      actions.openDashboard();
      break;
    case 'incidents':
      actions.openIncidents();
      break;
    case 'acknowledge-all':
      actions.acknowledgeAll();
      break;
    case 'mute-hour':
      actions.muteNotifications('hour');
      break;
    case 'mute-tomorrow':
      actions.muteNotifications('tomorrow');
      break;
    case 'unmute':
      actions.unmuteNotifications();
      break;
    case 'pause':
      actions.setPaused(!state.paused);
      break;
    case 'quit':
      actions.quit();
      break;
  }
}

export function createTrayService(options: TrayServiceOptions): TrayService {
  const now = options.now ?? Date.now;
  const state: TrayState = {
    glance: IDLE_GLANCE,
    paused: false,
    locale: options.locale ?? 'en',
    sources: [],
    unacknowledged: 0,
    snoozedUntil: null,
  };
  let tray: TrayView | null = null;
  let shown: TrayLook | null = null;
  let menuKey = '';
  let renders = 0;
  let disposed = false;

  const onPick = (id: string) => pick(id, state, options.actions);

  function render(): void {
    if (disposed) return;
    const next = trayLook(state, now(), options.iconPath);
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
    setSnapshot(snapshot) {
      state.glance = snapshot.glance;
      state.paused = snapshot.paused;
      state.sources = traySourceLines(snapshot.sources);
      state.unacknowledged = snapshot.openIncidents.filter(
        (incident) => incident.acknowledgedAt === null,
      ).length;
      render();
    },
    setGlance(next) {
      state.glance = next;
      render();
    },
    setPaused(next) {
      state.paused = next;
      render();
    },
    setLocale(next) {
      state.locale = next;
      render();
    },
    setSnooze(untilMs) {
      state.snoozedUntil = untilMs;
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
