import { describe, expect, it } from 'vitest';
import type { Locale, Notice } from '../../../shared/notices.ts';
import {
  createNativeNotifier,
  incidentRoute,
  type NativeNotificationOptions,
} from '../../../electron/shell/notifications.ts';

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
  at: Date.UTC(2025, 0, 6, 12),
};

function setup(locale: Locale, supported = true) {
  const shown: Array<NativeNotificationOptions & { click: () => void }> = [];
  const opens: Array<number | null> = [];
  const notifier = createNativeNotifier({
    createNotification: (options) => {
      const entry: NativeNotificationOptions & { click: () => void } = { ...options, click: () => undefined };
      return {
        on(event: 'click' | 'close', listener: () => void) {
          if (event === 'click') entry.click = listener;
        },
        show: () => void shown.push(entry),
      };
    },
    isSupported: () => supported,
    locale: () => locale,
    sourceName: (id) => (id === 'wms-eu' ? 'WMSPanel Europe' : undefined),
    open: (id) => void opens.push(id),
  });
  return { notifier, shown, opens };
}

describe('native notifications', () => {
  it('words a notice in English, marks critical ones urgent, and hides credentials in URLs', () => {
    const { notifier, shown } = setup('en');
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

  it('words the same notice in Simplified Chinese', () => {
    const { notifier, shown } = setup('zh-CN');
    notifier.notify(opened);
    expect(shown[0]).toMatchObject({
      title: 'WMSPanel Europe 上的直播流离线',
      body: 'edge.example.com/live/cam1 已离线：2,400 名观众在看',
    });
  });

  it('is not urgent for warnings and silent for information', () => {
    const { notifier, shown } = setup('en');
    notifier.notify({ ...opened, severity: 'warning' });
    notifier.notify({
      ...opened,
      severity: 'info',
      message: {
        kind: 'incident-resolved',
        sourceId: 'wms-eu',
        subject: { kind: 'stream', name: 'cam1' },
        downtimeMs: 252_000,
      },
    });
    expect(shown.map((n) => [n.urgency, n.silent])).toEqual([
      ['normal', false],
      ['low', true],
    ]);
  });

  it('opens the dashboard at the incident on click, or the incident list for a storm', () => {
    const { notifier, shown, opens } = setup('en');
    notifier.notify(opened);
    notifier.notify({
      ...opened,
      message: {
        kind: 'storm-opened',
        sourceId: 'wms-eu',
        subjectKinds: 'stream',
        count: 37,
        sample: ['a', 'b'],
      },
      incidentIds: [1, 2, 3],
      coalesced: true,
    });
    shown[0]?.click();
    shown[1]?.click();
    expect(opens).toEqual([42, null]);
    expect(incidentRoute(42)).toBe('#/incidents/42');
    expect(incidentRoute(null)).toBe('#/incidents');
  });

  it('shows nothing where the OS has no notification service', () => {
    const { notifier, shown } = setup('en', false);
    notifier.notify(opened);
    expect(shown).toEqual([]);
  });
});
