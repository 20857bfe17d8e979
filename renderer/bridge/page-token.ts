// The dashboard token can arrive in the page address (`?token=…`, the link `streamtray serve` prints).
// An address is kept by the browser's history, bookmarks, screenshots and proxies' logs, so the token is
// taken out of it at once and kept for this tab's session only; requests send it as a bearer header.

export const TOKEN_STORAGE_KEY = 'streamtray.dashboardToken';

/** The parts of `window` this needs, so it can be exercised without a browser. */
export interface TokenPage {
  location: { href: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** `#/streams?q=a&token=x` → the token and the hash without it (routes keep their own query). */
function tokenInHash(hash: string): { token: string | null; hash: string } {
  const at = hash.indexOf('?');
  if (at === -1) return { token: null, hash };
  const params = new URLSearchParams(hash.slice(at + 1));
  const token = params.get('token');
  if (token === null) return { token: null, hash };
  params.delete('token');
  const rest = params.toString();
  return { token, hash: hash.slice(0, at) + (rest === '' ? '' : `?${rest}`) };
}

function remember(page: TokenPage, token: string): void {
  try {
    page.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // Storage refused (private mode, quota): the token still serves this page load.
  }
}

function recalled(page: TokenPage): string | null {
  try {
    return page.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * The token for this page: from the address (which is then rewritten without it, keeping the route) or
 * else from this tab's session, so a reload still works. Null when there is none.
 */
export function takeTokenFromPage(page: TokenPage): string | null {
  let url: URL;
  try {
    url = new URL(page.location.href);
  } catch {
    return recalled(page);
  }
  const fromSearch = url.searchParams.get('token');
  const fromHash = tokenInHash(url.hash);
  const token = fromSearch ?? fromHash.token;
  if (token === null || token === '') return recalled(page);
  url.searchParams.delete('token');
  url.hash = fromHash.hash;
  // Same document, same history entry: nothing reloads and the back button never returns the token.
  page.history.replaceState(page.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  remember(page, token);
  return token;
}

/** The browser's own page, when there is one (not in the Electron preload or in Node). */
export function browserPage(): TokenPage | null {
  const page = globalThis as Partial<TokenPage>;
  return page.location && page.history && page.sessionStorage ? (page as TokenPage) : null;
}
