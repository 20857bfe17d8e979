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

/**
 * The language a headless process (`serve`, the CLI) resolves `system` from: the POSIX locale variables
 * in their usual order of precedence, then the runtime's own default.
 */
export function systemLanguage(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value !== undefined && value !== '' && value !== 'C' && value !== 'POSIX') return value;
  }
  return Intl.DateTimeFormat().resolvedOptions().locale;
}
