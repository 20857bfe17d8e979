import type { GlanceState } from '../../shared/bridge.ts';
import type { Locale } from '../../shared/notices.ts';

// The tray's few words in each language the app speaks.

/** One source's line in the tray menu. */
export type TraySourceStatus = 'ok' | 'waiting' | 'stale' | 'error' | 'held' | 'paused' | 'stopped';

export interface TrayWords {
  state: Record<GlanceState, string>;
  sourceStatus: Record<TraySourceStatus, string>;
  viewers: string;
  openDashboard: string;
  pause: string;
  resume: string;
  incidents(count: number): string;
  acknowledgeAll(count: number): string;
  moreSources(count: number): string;
  muteHour: string;
  muteUntilTomorrow: string;
  /** `time` is already formatted for the locale. */
  mutedUntil(time: string): string;
  unmute: string;
  /** Tooltip suffix while desktop notifications are snoozed. */
  muted: string;
  quit: string;
}

export const TRAY_WORDS: Record<Locale, TrayWords> = {
  en: {
    state: {
      ok: 'all sources OK',
      warning: 'warning',
      critical: 'critical',
      stale: 'data is stale',
      paused: 'polling paused',
      idle: 'no sources yet',
    },
    sourceStatus: {
      ok: 'OK',
      waiting: 'waiting for data',
      stale: 'stale',
      error: 'unreachable',
      held: 'credentials rejected',
      paused: 'paused',
      stopped: 'stopped',
    },
    viewers: 'viewers',
    openDashboard: 'Open dashboard',
    pause: 'Pause polling',
    resume: 'Resume polling',
    incidents: (count) =>
      count === 0 ? 'No open incidents' : `${count} open incident${count === 1 ? '' : 's'}…`,
    acknowledgeAll: (count) => (count === 0 ? 'Acknowledge all' : `Acknowledge all (${count})`),
    moreSources: (count) => `…and ${count} more source${count === 1 ? '' : 's'}`,
    muteHour: 'Mute notifications for 1 hour',
    muteUntilTomorrow: 'Mute notifications until tomorrow',
    mutedUntil: (time) => `Notifications muted until ${time}`,
    unmute: 'Unmute notifications',
    muted: 'notifications muted',
    quit: 'Quit Streamtray',
  },
  'zh-CN': {
    state: {
      ok: '所有来源正常',
      warning: '警告',
      critical: '严重',
      stale: '数据已过期',
      paused: '已暂停轮询',
      idle: '尚无来源',
    },
    sourceStatus: {
      ok: '正常',
      waiting: '等待数据',
      stale: '数据已过期',
      error: '无法连接',
      held: '凭据被拒绝',
      paused: '已暂停',
      stopped: '已停止',
    },
    viewers: '观众',
    openDashboard: '打开仪表盘',
    pause: '暂停轮询',
    resume: '恢复轮询',
    incidents: (count) => (count === 0 ? '没有未解决的事件' : `${count} 个未解决的事件…`),
    acknowledgeAll: (count) => (count === 0 ? '全部确认' : `全部确认（${count}）`),
    moreSources: (count) => `…还有 ${count} 个来源`,
    muteHour: '通知静音 1 小时',
    muteUntilTomorrow: '通知静音至明天',
    mutedUntil: (time) => `通知已静音至 ${time}`,
    unmute: '取消通知静音',
    muted: '通知已静音',
    quit: '退出 Streamtray',
  },
};
