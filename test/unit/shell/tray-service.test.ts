import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/alerts.ts';
import type { Glance, Snapshot, SourceSnapshot } from '../../../shared/bridge.ts';
import {
  createTrayService,
  MAX_SOURCE_LINES,
  type TrayMenuItem,
  type TrayView,
} from '../../../electron/shell/tray-service.ts';

// The "muted until" time is shown on the operator's clock: pin the zone.
const savedTz = process.env['TZ'];
beforeEach(() => {
  process.env['TZ'] = 'Europe/Berlin';
});
afterEach(() => {
  if (savedTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = savedTz;
});

/** Monday 6 January 2025, 13:00 in Berlin. */
const NOW = Date.UTC(2025, 0, 6, 12);

interface FakeTray extends TrayView {
  calls: string[];
  icon: string;
  title: string;
  tooltip: string;
  menu: readonly TrayMenuItem[];
  pick(id: string): void;
}

function harness() {
  const created: FakeTray[] = [];
  const actions: string[] = [];
  const service = createTrayService({
    createTray: (icon) => {
      let onPick: (id: string) => void = () => undefined;
      const tray: FakeTray = {
        calls: ['create'],
        icon,
        title: '',
        tooltip: '',
        menu: [],
        setImage(path) {
          this.calls.push('image');
          this.icon = path;
        },
        setTitle(text) {
          this.calls.push('title');
          this.title = text;
        },
        setToolTip(text) {
          this.calls.push('tooltip');
          this.tooltip = text;
        },
        setContextMenu(items, pick) {
          this.calls.push('menu');
          this.menu = items;
          onPick = pick;
        },
        destroy() {
          this.calls.push('destroy');
        },
        pick: (id) => onPick(id),
      };
      created.push(tray);
      return tray;
    },
    iconPath: (state) => `/icons/tray-${state}.png`,
    now: () => NOW,
    actions: {
      openDashboard: () => actions.push('open'),
      openIncidents: () => actions.push('incidents'),
      openSource: (id) => actions.push(`source=${id}`),
      acknowledgeAll: () => actions.push('acknowledge-all'),
      muteNotifications: (length) => actions.push(`mute=${length}`),
      unmuteNotifications: () => actions.push('unmute'),
      setPaused: (paused) => actions.push(`paused=${paused}`),
      quit: () => actions.push('quit'),
    },
  });
  const tray = () => {
    const first = created[0];
    if (!first) throw new Error('no tray created');
    return first;
  };
  return { service, created, actions, tray };
}

const live: Glance = { viewers: 12_345, bandwidthBps: 48_200_000, state: 'ok', openIncidents: 0 };
const labels = (menu: readonly TrayMenuItem[]) =>
  menu.map((item) => (item.type === 'separator' ? '—' : item.label));
const item = (menu: readonly TrayMenuItem[], id: string) =>
  menu.find((entry) => entry.type === 'normal' && entry.id === id) as
    Extract<TrayMenuItem, { type: 'normal' }> | undefined;

function source(id: string, name: string, overrides: Partial<SourceSnapshot> = {}): SourceSnapshot {
  return {
    id,
    name,
    provider: 'wmspanel',
    state: 'scheduled',
    viewers: 1_000,
    bandwidthBps: 2_000_000,
    streams: [],
    lastSuccessAt: NOW - 10_000,
    lastError: null,
    lastErrorAt: null,
    staleMs: 10_000,
    stale: false,
    callsToday: 10,
    ...overrides,
  };
}

function incident(id: number, acknowledgedAt: number | null = null): Incident {
  return {
    id,
    sourceId: 'wms',
    subject: { kind: 'stream', name: `cam${id}` },
    openedAt: NOW - 60_000,
    closedAt: null,
    downtimeMs: null,
    checkpoints: [],
    acknowledgedAt,
    eventIds: [id],
  };
}

function snapshot(sources: SourceSnapshot[], openIncidents: Incident[] = []): Snapshot {
  return {
    at: NOW,
    paused: false,
    sources,
    total: { viewers: 12_345, bandwidthBps: 48_200_000 },
    openIncidents,
    glance: { ...live, openIncidents: openIncidents.length, state: openIncidents.length ? 'critical' : 'ok' },
  };
}

describe('tray service', () => {
  it('creates one tray showing the idle icon before any data', () => {
    const { created, tray } = harness();
    expect(created).toHaveLength(1);
    expect(tray().icon).toBe('/icons/tray-idle.png');
    expect(tray().title).toBe('');
    expect(tray().tooltip).toContain('no sources yet');
  });

  it('shows total viewers and bandwidth in the title and tooltip', () => {
    const { service, tray } = harness();
    service.setGlance(live);
    expect(tray().title).toBe('12,345 · 48.2 Mbps');
    expect(tray().tooltip).toBe('Streamtray: 12,345 viewers · 48.2 Mbps — all sources OK');
    expect(tray().icon).toBe('/icons/tray-ok.png');
  });

  it.each(['critical', 'warning', 'stale', 'paused', 'ok'] as const)(
    'picks the %s icon for a %s glance',
    (state) => {
      const { service, tray } = harness();
      service.setGlance({ ...live, state });
      expect(tray().icon).toBe(`/icons/tray-${state}.png`);
    },
  );

  it('skips identical renders and touches only what changed', () => {
    const { service, tray } = harness();
    service.setGlance(live);
    const rendersAfterFirst = service.renders;
    const callsAfterFirst = tray().calls.length;
    service.setGlance({ ...live });
    service.setPaused(false);
    expect(service.renders).toBe(rendersAfterFirst);
    expect(tray().calls).toHaveLength(callsAfterFirst);

    // Only the icon and tooltip change: the title has the same numbers and the menu is the same.
    service.setGlance({ ...live, state: 'warning' });
    expect(tray().calls.slice(callsAfterFirst)).toEqual(['image', 'tooltip']);
  });

  it('lists open incidents in the menu and opens them on pick', () => {
    const { service, tray, actions } = harness();
    service.setGlance(live);
    expect(labels(tray().menu)).toEqual([
      'Open dashboard',
      '—',
      'No open incidents',
      'Acknowledge all',
      '—',
      'Mute notifications for 1 hour',
      'Mute notifications until tomorrow',
      'Pause polling',
      '—',
      'Quit Streamtray',
    ]);
    service.setGlance({ ...live, state: 'critical', openIncidents: 3 });
    expect(labels(tray().menu)).toContain('3 open incidents…');
    tray().pick('incidents');
    tray().pick('open');
    tray().pick('quit');
    expect(actions).toEqual(['incidents', 'open', 'quit']);
  });

  it('offers Resume while paused and asks for the opposite of the current state', () => {
    const { service, tray, actions } = harness();
    tray().pick('pause');
    service.setPaused(true);
    expect(labels(tray().menu)).toContain('Resume polling');
    tray().pick('pause');
    expect(actions).toEqual(['paused=true', 'paused=false']);
  });

  it('speaks Chinese when the locale is zh-CN', () => {
    const { service, tray } = harness();
    service.setLocale('zh-CN');
    service.setGlance({ ...live, state: 'stale', openIncidents: 2 });
    expect(tray().tooltip).toBe('Streamtray: 12,345 观众 · 48.2 Mbps — 数据已过期');
    expect(labels(tray().menu)).toContain('2 个未解决的事件…');
  });

  it('shows one line per source with its viewers and state, and opens that source on pick', () => {
    const { service, tray, actions } = harness();
    service.setSnapshot(
      snapshot([
        source('wms', 'WMSPanel Europe', { viewers: 12_000 }),
        source('se', 'ScaleEngine', { viewers: null, stale: true }),
        source('pili', 'Qiniu Pili', {
          lastError: { kind: 'network', message: 'connect ECONNREFUSED' },
          lastErrorAt: NOW - 1_000,
        }),
        source('wms2', 'WMSPanel US', { state: 'held' }),
        source('new', 'New source', { lastSuccessAt: null, viewers: null }),
      ]),
    );
    expect(labels(tray().menu).slice(2, 7)).toEqual([
      'WMSPanel Europe — 12,000 viewers · OK',
      'ScaleEngine · stale',
      'Qiniu Pili — 1,000 viewers · unreachable',
      'WMSPanel US — 1,000 viewers · credentials rejected',
      'New source · waiting for data',
    ]);
    tray().pick('source:se');
    expect(actions).toEqual(['source=se']);
  });

  it('counts the sources beyond the first ten instead of listing them all', () => {
    const { service, tray, actions } = harness();
    const many = Array.from({ length: MAX_SOURCE_LINES + 3 }, (_, i) => source(`s${i}`, `Source ${i}`));
    service.setSnapshot(snapshot(many));
    const menu = labels(tray().menu);
    expect(menu.filter((label) => label.startsWith('Source '))).toHaveLength(MAX_SOURCE_LINES);
    expect(menu).toContain('…and 3 more sources');
    tray().pick('more-sources');
    expect(actions).toEqual(['open']);
  });

  it('offers Acknowledge all only while some open incident is unacknowledged', () => {
    const { service, tray, actions } = harness();
    service.setSnapshot(snapshot([source('wms', 'WMSPanel')], [incident(1), incident(2, NOW), incident(3)]));
    expect(item(tray().menu, 'acknowledge-all')).toMatchObject({
      label: 'Acknowledge all (2)',
      enabled: true,
    });
    expect(item(tray().menu, 'incidents')).toMatchObject({ label: '3 open incidents…', enabled: true });
    tray().pick('acknowledge-all');
    expect(actions).toEqual(['acknowledge-all']);
    service.setSnapshot(snapshot([source('wms', 'WMSPanel')], [incident(2, NOW)]));
    expect(item(tray().menu, 'acknowledge-all')).toMatchObject({ label: 'Acknowledge all', enabled: false });
  });

  it('mutes desktop notifications for an hour or until tomorrow from the menu', () => {
    const { tray, actions } = harness();
    tray().pick('mute-hour');
    tray().pick('mute-tomorrow');
    expect(actions).toEqual(['mute=hour', 'mute=tomorrow']);
  });

  it('shows when muted notifications come back and offers Unmute instead of Mute', () => {
    const { service, tray, actions } = harness();
    service.setGlance(live);
    service.setSnooze(NOW + 3_600_000);
    expect(item(tray().menu, 'muted-until')).toMatchObject({
      label: 'Notifications muted until 14:00',
      enabled: false,
    });
    expect(item(tray().menu, 'mute-hour')).toBeUndefined();
    expect(tray().tooltip).toBe(
      'Streamtray: 12,345 viewers · 48.2 Mbps — all sources OK · notifications muted',
    );
    tray().pick('unmute');
    expect(actions).toEqual(['unmute']);
    // Tomorrow 08:00 in Berlin: the day is named.
    service.setSnooze(Date.UTC(2025, 0, 7, 7));
    expect(item(tray().menu, 'muted-until')?.label).toBe('Notifications muted until Tue 08:00');
    service.setSnooze(null);
    expect(item(tray().menu, 'mute-hour')).toBeDefined();
  });

  it('speaks Chinese in the new entries too', () => {
    const { service, tray } = harness();
    service.setLocale('zh-CN');
    service.setSnapshot(snapshot([source('wms', 'WMSPanel', { stale: true })], [incident(1)]));
    service.setSnooze(Date.UTC(2025, 0, 7, 7));
    const menu = labels(tray().menu);
    expect(menu).toContain('WMSPanel — 1,000 观众 · 数据已过期');
    expect(menu).toContain('全部确认（1）');
    expect(menu).toContain('取消通知静音');
    expect(menu.find((label) => label.startsWith('通知已静音至'))).toMatch(/^通知已静音至 周二 ?08:00$/);
  });

  it('destroys the tray on dispose and renders nothing afterwards', () => {
    const { service, tray } = harness();
    service.dispose();
    const calls = tray().calls.length;
    service.setGlance(live);
    expect(tray().calls.at(-1)).toBe('destroy');
    expect(tray().calls).toHaveLength(calls);
  });
});
