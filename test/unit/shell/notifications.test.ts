import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BridgeHandlers } from '../../../shared/bridge.ts';
import type { Locale, MuteTarget, Notice } from '../../../shared/notices.ts';
import { createDesktopSnooze, HOUR_MS } from '../../../electron/shell/desktop-snooze.ts';
import { incidentRoute } from '../../../electron/shell/dashboard-routes.ts';
import {
  createNativeNotifier,
  type NativeNotificationOptions,
  type NoticeCommands,
} from '../../../electron/shell/notifications.ts';

const NOW = Date.UTC(2025, 0, 6, 12);

const opened: Notice = {
  message: {
    kind: 'incident-opened',
    sourceId: 'wms-eu',
    subject: { kind: 'stream', name: 'rtmp://user:pw@edge.example.com/live/cam1?token=s3cret' },
    viewers: 2_400,
    checkpoints: [],
    reason: null,
  },
  severity: 'critical',
  incidentIds: [42],
  coalesced: false,
  at: NOW,
};

const storm: Notice = {
  ...opened,
  message: { kind: 'storm-opened', sourceId: 'wms-eu', subjectKinds: 'stream', count: 3, sample: ['a', 'b'] },
  incidentIds: [1, 2, 3],
  coalesced: true,
};

const resolved: Notice = {
  ...opened,
  severity: 'info',
  message: {
    kind: 'incident-resolved',
    sourceId: 'wms-eu',
    subject: { kind: 'stream', name: 'cam1' },
    downtimeMs: 252_000,
  },
};

type Shown = NativeNotificationOptions & { click: () => void; action: (index: number) => void };

function setup(
  options: { locale?: Locale; supported?: boolean; supportsActions?: boolean; failing?: boolean } = {},
) {
  const shown: Shown[] = [];
  const opens: Array<number | null> = [];
  const acknowledged: number[] = [];
  const mutes: Array<{ target: MuteTarget; untilMs: number | null }> = [];
  const logs: string[] = [];
  const commands: NoticeCommands = {
    acknowledge: ({ incidentId }) => {
      if (options.failing) throw new Error('the alert log is not writable');
      acknowledged.push(incidentId);
      return { incident: null };
    },
    mute: (request: Parameters<BridgeHandlers['mute']>[0]) => {
      mutes.push(request);
      return { mutes: [] };
    },
  };
  const snooze = createDesktopSnooze({ now: () => NOW });
  const notifier = createNativeNotifier({
    createNotification: (created) => {
      const entry: Shown = { ...created, click: () => undefined, action: () => undefined };
      return {
        on(event: 'click' | 'close' | 'action', listener: (details: { actionIndex?: number }) => void) {
          if (event === 'click') entry.click = () => listener({});
          if (event === 'action') entry.action = (actionIndex) => listener({ actionIndex });
        },
        show: () => void shown.push(entry),
      };
    },
    isSupported: () => options.supported ?? true,
    supportsActions: options.supportsActions ?? true,
    locale: () => options.locale ?? 'en',
    sourceName: (id) => (id === 'wms-eu' ? 'WMSPanel Europe' : undefined),
    open: (id) => void opens.push(id),
    commands,
    snooze,
    now: () => NOW,
    log: (message) => void logs.push(message),
  });
  return { notifier, shown, opens, acknowledged, mutes, snooze, logs };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => vi.useRealTimers());

describe('native notifications', () => {
  it('words a notice in English, marks critical ones urgent, and hides credentials in URLs', () => {
    const { notifier, shown } = setup();
    notifier.notify(opened);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      title: 'Stream offline on WMSPanel Europe',
      body: 'edge.example.com/live/cam1 is down — 2,400 watching',
      urgency: 'critical',
      silent: false,
    });
    expect(JSON.stringify(shown)).not.toMatch(/s3cret|pw@/);
  });

  it('words the same notice and its buttons in Simplified Chinese', () => {
    const { notifier, shown } = setup({ locale: 'zh-CN' });
    notifier.notify(opened);
    expect(shown[0]).toMatchObject({
      title: 'WMSPanel Europe 上的直播流离线',
      body: 'edge.example.com/live/cam1 已离线：2,400 名观众在看',
      actions: [
        { type: 'button', text: '确认' },
        { type: 'button', text: '静音 1 小时' },
      ],
    });
  });

  it('is not urgent for warnings and silent for information', () => {
    const { notifier, shown } = setup();
    notifier.notify({ ...opened, severity: 'warning' });
    notifier.notify(resolved);
    expect(shown.map((n) => [n.urgency, n.silent])).toEqual([
      ['normal', false],
      ['low', true],
    ]);
  });

  it('opens the dashboard at the incident on click, or the incident list for a storm', () => {
    const { notifier, shown, opens } = setup();
    notifier.notify(opened);
    notifier.notify(storm);
    shown[0]?.click();
    shown[1]?.click();
    expect(opens).toEqual([42, null]);
    expect(incidentRoute(42)).toBe('#/incidents/42');
    expect(incidentRoute(null)).toBe('#/incidents');
  });

  it('offers Acknowledge and Mute 1 h on an outage, and acknowledges it from the notification', async () => {
    const { notifier, shown, acknowledged, opens } = setup();
    notifier.notify(opened);
    expect(shown[0]?.actions).toEqual([
      { type: 'button', text: 'Acknowledge' },
      { type: 'button', text: 'Mute 1 h' },
    ]);
    shown[0]?.action(0);
    await settle();
    expect(acknowledged).toEqual([42]);
    expect(opens).toEqual([]);
  });

  it('mutes the stream that went down for one hour from the notification', async () => {
    const { notifier, shown, mutes } = setup();
    notifier.notify(opened);
    shown[0]?.action(1);
    await settle();
    expect(mutes).toEqual([
      {
        target: {
          kind: 'stream',
          sourceId: 'wms-eu',
          name: 'rtmp://user:pw@edge.example.com/live/cam1?token=s3cret',
        },
        untilMs: NOW + HOUR_MS,
      },
    ]);
  });

  it('acknowledges every incident of a storm, and mutes the storm by its source', async () => {
    const { notifier, shown, acknowledged, mutes } = setup();
    notifier.notify(storm);
    shown[0]?.action(0);
    shown[0]?.action(1);
    await settle();
    expect(acknowledged).toEqual([1, 2, 3]);
    expect(mutes.map((m) => m.target)).toEqual([{ kind: 'source', sourceId: 'wms-eu' }]);
  });

  it('mutes a source that became unreachable as the whole source', async () => {
    const { notifier, shown, mutes } = setup();
    notifier.notify({
      ...opened,
      message: {
        ...opened.message,
        subject: { kind: 'source', name: 'WMSPanel Europe' },
      } as Notice['message'],
    });
    shown[0]?.action(1);
    await settle();
    expect(mutes.map((m) => m.target)).toEqual([{ kind: 'source', sourceId: 'wms-eu' }]);
  });

  it('offers no buttons on a recovery, nor where the OS cannot show them', () => {
    const recovery = setup();
    recovery.notifier.notify(resolved);
    expect(recovery.shown[0]?.actions).toEqual([]);
    const linux = setup({ supportsActions: false });
    linux.notifier.notify(opened);
    expect(linux.shown[0]?.actions).toEqual([]);
  });

  it('logs a failed acknowledgement instead of losing it silently', async () => {
    const { notifier, shown, logs } = setup({ failing: true });
    notifier.notify(opened);
    shown[0]?.action(0);
    await settle();
    expect(logs.join('\n')).toMatch(
      /cannot acknowledge from the notification: the alert log is not writable/,
    );
  });

  it('stays quiet on this desktop while notifications are snoozed, and speaks again once unmuted', () => {
    const { notifier, shown, snooze } = setup();
    snooze.snooze(NOW + HOUR_MS);
    notifier.notify(opened);
    expect(shown).toEqual([]);
    snooze.lift();
    notifier.notify(opened);
    expect(shown).toHaveLength(1);
  });

  it('shows nothing where the OS has no notification service', () => {
    const { notifier, shown } = setup({ supported: false });
    notifier.notify(opened);
    expect(shown).toEqual([]);
  });
});
