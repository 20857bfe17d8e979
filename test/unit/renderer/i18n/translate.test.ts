import { describe, expect, it } from 'vitest';
import { stringsEn } from '../../../../renderer/i18n/strings-en.ts';
import { stringsZhCn } from '../../../../renderer/i18n/strings-zh-cn.ts';
import { localeFromLanguage } from '../../../../shared/i18n/locale.ts';
import { translator } from '../../../../renderer/i18n/translate.ts';
import { formatAge } from '../../../../renderer/logic/format-age.ts';

describe('dashboard strings', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('en');
    expect(t('streams.count', { shown: 3, total: '1,200' })).toBe('3 of 1,200 streams');
    expect(t('streams.count', { shown: 3 })).toBe('3 of {total} streams');
  });

  it('speaks Chinese for zh browsers, English otherwise', () => {
    expect(translator(localeFromLanguage('zh-TW'))('nav.charts')).toBe('图表');
    expect(localeFromLanguage('en-GB')).toBe('en');
    expect(localeFromLanguage(undefined)).toBe('en');
  });

  it('has every placeholder of the English string in the Chinese one', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const [key, english] of Object.entries(stringsEn)) {
      const chinese = stringsZhCn[key as keyof typeof stringsEn];
      expect({ key, placeholders: placeholders(chinese) }).toEqual({ key, placeholders: placeholders(english) });
    }
  });

  it('words ages in the largest natural unit', () => {
    const t = translator('en');
    expect(formatAge(12_400, t)).toBe('12 s');
    expect(formatAge(89_000, t)).toBe('89 s');
    expect(formatAge(4 * 60_000, t)).toBe('4 min');
    expect(formatAge(3 * 3_600_000, t)).toBe('3 h');
    expect(formatAge(3 * 86_400_000, t)).toBe('3 d');
    expect(formatAge(-5, translator('zh-CN'))).toBe('0 秒');
  });
});
