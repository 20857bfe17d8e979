import type { Locale } from '../notices.ts';
import { formatCount } from '../units.ts';
import { formatDowntime } from './notice-words.ts';

// The lines a contact-point message adds under a notice's title and body, for the on-call reading it on a
// phone: since when, the audience, failed checkpoints, the downtime and viewer-minutes lost. English and
// Simplified Chinese, like every notice.

export interface ContactWords {
  since(atMs: number): string;
  viewers(count: number): string;
  checkpoints(names: readonly string[]): string;
  downtime(ms: number): string;
  viewerMinutesLost(minutes: number): string;
  reminder(title: string): string;
  testTitle: string;
  testBody(pointName: string): string;
}

/** `2025-01-06 12:00 UTC`: every time inside Streamtray is UTC, and an on-call may be anywhere. */
export function formatUtcMinute(atMs: number): string {
  return `${new Date(atMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const en: ContactWords = {
  since: (at) => `Since ${formatUtcMinute(at)}`,
  viewers: (count) => `Viewers when it went down: ${formatCount(count)}`,
  checkpoints: (names) => `Failed checkpoints: ${names.join(', ')}`,
  downtime: (ms) => `Downtime: ${formatDowntime(ms)}`,
  viewerMinutesLost: (minutes) => `Viewer-minutes lost: ${formatCount(minutes)}`,
  reminder: (title) => `Still down: ${title}`,
  testTitle: 'Streamtray test message',
  testBody: (name) => `Contact point "${name}" works: alerts will arrive here.`,
};

const zhCn: ContactWords = {
  since: (at) => `开始于 ${formatUtcMinute(at)}`,
  viewers: (count) => `离线时观众数：${formatCount(count)}`,
  checkpoints: (names) => `检测失败的检测点：${names.join('、')}`,
  downtime: (ms) => `离线时长：${formatDowntime(ms)}`,
  viewerMinutesLost: (minutes) => `损失的观看分钟数：${formatCount(minutes)}`,
  reminder: (title) => `仍未恢复：${title}`,
  testTitle: 'Streamtray 测试消息',
  testBody: (name) => `联系点“${name}”工作正常，告警将发送到这里。`,
};

const WORDS: Record<Locale, ContactWords> = { en, 'zh-CN': zhCn };

export function contactWords(locale: Locale): ContactWords {
  return WORDS[locale];
}
