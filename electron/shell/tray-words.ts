import type { GlanceState } from '../../shared/bridge.ts';
import type { Locale } from '../../shared/notices.ts';

// The tray's few words in each language the app speaks.

export interface TrayWords {
  state: Record<GlanceState, string>;
  viewers: string;
  openDashboard: string;
  pause: string;
  resume: string;
  incidents(count: number): string;
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
    viewers: 'viewers',
    openDashboard: 'Open dashboard',
    pause: 'Pause polling',
    resume: 'Resume polling',
    incidents: (count) =>
      count === 0 ? 'No open incidents' : `${count} open incident${count === 1 ? '' : 's'}…`,
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
    viewers: '观众',
    openDashboard: '打开仪表盘',
    pause: '暂停轮询',
    resume: '恢复轮询',
    incidents: (count) => (count === 0 ? '没有未解决的事件' : `${count} 个未解决的事件…`),
    quit: '退出 Streamtray',
  },
};
