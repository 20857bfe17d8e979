import type { Locale } from '../../shared/notices.ts';

// The buttons on a desktop notification, in each language the app speaks.

export interface NotificationWords {
  acknowledge: string;
  muteHour: string;
}

export const NOTIFICATION_WORDS: Record<Locale, NotificationWords> = {
  en: { acknowledge: 'Acknowledge', muteHour: 'Mute 1 h' },
  'zh-CN': { acknowledge: '确认', muteHour: '静音 1 小时' },
};
