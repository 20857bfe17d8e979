import { describe, expect, it } from 'vitest';
import type { Glance } from '../../../shared/bridge.ts';
import { createTrayService, type TrayMenuItem, type TrayView } from '../../../electron/shell/tray-service.ts';

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
    actions: {
      openDashboard: () => actions.push('open'),
      openIncidents: () => actions.push('incidents'),
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
      'Pause polling',
      'No open incidents',
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

  it('destroys the tray on dispose and renders nothing afterwards', () => {
    const { service, tray } = harness();
    service.dispose();
    const calls = tray().calls.length;
    service.setGlance(live);
    expect(tray().calls.at(-1)).toBe('destroy');
    expect(tray().calls).toHaveLength(calls);
  });
});
