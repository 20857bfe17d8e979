import type { Locale } from '../../shared/notices.ts';
import { stringsEn, type StringKey, type Strings } from './strings-en.ts';
import { stringsZhCn } from './strings-zh-cn.ts';

const TABLES: Record<Locale, Strings> = { en: stringsEn, 'zh-CN': stringsZhCn };

export type Params = Record<string, string | number>;
export type Translate = (key: StringKey, params?: Params) => string;

/** A translator for one locale; `{name}` placeholders are filled from params, unknown ones left visible. */
export function translator(locale: Locale): Translate {
  const table = TABLES[locale];
  return (key, params) => {
    const template = table[key];
    if (params === undefined) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : String(value);
    });
  };
}

export type { StringKey };
