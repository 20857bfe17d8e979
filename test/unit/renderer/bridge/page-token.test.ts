import { describe, expect, it } from 'vitest';
import {
  takeTokenFromPage,
  TOKEN_STORAGE_KEY,
  type TokenPage,
} from '../../../../renderer/bridge/page-token.ts';

/** A browser tab: its address, its history entries and its session storage. */
function tab(href: string, storage = new Map<string, string>()) {
  const entries: string[] = [href];
  const page: TokenPage = {
    location: { href },
    history: {
      state: { scroll: 3 },
      replaceState(_data, _unused, url) {
        const next = new URL(url, page.location.href).href;
        entries[entries.length - 1] = next;
        page.location.href = next;
      },
    },
    sessionStorage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
    },
  };
  return { page, entries, storage };
}

const TOKEN = 'tok-0f1e2d3c4b5a6978';

describe('the dashboard token in the page address', () => {
  it('is taken out of the address and its history entry, keeping the route', () => {
    const { page, entries } = tab(`https://noc.example.com:8786/?token=${TOKEN}#/incidents/42`);
    expect(takeTokenFromPage(page)).toBe(TOKEN);
    expect(page.location.href).toBe('https://noc.example.com:8786/#/incidents/42');
    expect(entries).toEqual(['https://noc.example.com:8786/#/incidents/42']);
    expect(entries.join()).not.toContain(TOKEN);
  });

  it('keeps other query parameters and the route query when the token was in the hash', () => {
    const { page } = tab(`http://127.0.0.1:8786/?lang=zh#/streams?q=live&token=${TOKEN}`);
    expect(takeTokenFromPage(page)).toBe(TOKEN);
    expect(page.location.href).toBe('http://127.0.0.1:8786/?lang=zh#/streams?q=live');
  });

  it('is kept for this tab so a reload still gets in', () => {
    const storage = new Map<string, string>();
    const first = tab(`http://127.0.0.1:8786/?token=${TOKEN}`, storage);
    takeTokenFromPage(first.page);
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    const reload = tab('http://127.0.0.1:8786/#/overview', storage);
    expect(takeTokenFromPage(reload.page)).toBe(TOKEN);
  });

  it('prefers a new token in the address over the one kept from before', () => {
    const storage = new Map([[TOKEN_STORAGE_KEY, 'tok-old-000000000000']]);
    const { page } = tab(`http://127.0.0.1:8786/?token=${TOKEN}`, storage);
    expect(takeTokenFromPage(page)).toBe(TOKEN);
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe(TOKEN);
  });

  it('leaves an address without a token alone and answers null', () => {
    const { page, entries } = tab('http://127.0.0.1:8786/#/charts?range=6h');
    expect(takeTokenFromPage(page)).toBeNull();
    expect(entries).toEqual(['http://127.0.0.1:8786/#/charts?range=6h']);
  });

  it('still uses the token for this load when session storage refuses it', () => {
    const { page } = tab(`http://127.0.0.1:8786/?token=${TOKEN}`);
    page.sessionStorage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    expect(takeTokenFromPage(page)).toBe(TOKEN);
    expect(page.location.href).toBe('http://127.0.0.1:8786/');
  });
});
