import type { LocaleSetting } from '../config.ts';
import type { Locale } from '../notices.ts';

/** A language tag (`zh-TW`, `en-GB`, `zh_CN.UTF-8`) mapped onto the two languages Streamtray speaks. */
export function localeFromLanguage(language: string | undefined): Locale {
  return language !== undefined && /^zh(\b|_)/i.test(language) ? 'zh-CN' : 'en';
}

/** The config's `locale`: `system` follows the OS or browser language. */
export function resolveLocale(setting: LocaleSetting, systemLanguage: string | undefined): Locale {
  return setting === 'system' ? localeFromLanguage(systemLanguage) : setting;
}
