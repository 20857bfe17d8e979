import type { Locale, NoticeMessage, Notice } from '../notices.ts';
import { noticeWordsEn } from './notice-words-en.ts';
import { noticeWordsZhCn } from './notice-words-zh-cn.ts';
import type { NoticeText, NoticeWords, WordingContext } from './notice-words.ts';

// Puts a notice into words in the operator's language: the one place where the engine's structured
// notices become text.

export type { NoticeText };

const WORDS: Record<Locale, NoticeWords> = { en: noticeWordsEn, 'zh-CN': noticeWordsZhCn };

export interface DescribeOptions {
  /** The source's display name (config `name`); the id when absent. */
  sourceName?: (sourceId: string) => string | undefined;
}

/**
 * A stream's full URL reads better without its scheme: `example.com/live/cam1`. Publishing URLs often
 * carry a token in the query or as user info, so both are left out of anything shown.
 */
export function displaySubjectName(name: string): string {
  return name
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^[^/@]*@/, '')
    .replace(/[?#].*$/, '');
}

/** Words a notice in the operator's language. */
export function describeNotice(notice: Notice, locale: Locale, options: DescribeOptions = {}): NoticeText {
  const context: WordingContext = {
    source: (sourceId) => options.sourceName?.(sourceId) ?? sourceId,
    name: displaySubjectName,
  };
  return wordMessage(WORDS[locale], notice.message, context);
}

function wordMessage(words: NoticeWords, message: NoticeMessage, context: WordingContext): NoticeText {
  switch (message.kind) {
    case 'incident-opened':
      return words['incident-opened'](message, context);
    case 'incident-resolved':
      return words['incident-resolved'](message, context);
    case 'storm-opened':
      return words['storm-opened'](message, context);
    case 'storm-grew':
      return words['storm-grew'](message, context);
    case 'storm-resolved':
      return words['storm-resolved'](message, context);
    case 'flapping':
      return words.flapping(message, context);
    case 'flapping-ended':
      return words['flapping-ended'](message, context);
    case 'quiet-hours-summary':
      return words['quiet-hours-summary'](message, context);
    case 'storage-fault':
      return words['storage-fault'](message, context);
    case 'storage-recovered':
      return words['storage-recovered'](message, context);
  }
}
