import { APP_INDEX_URL } from './app-protocol.ts';

// Where the dashboard page comes from: the built renderer on our app:// scheme, or, for development only,
// the Vite dev server named by STREAMTRAY_DEV_URL. The page gets the Bridge (including secret writes), so
// a dev URL is accepted only on this machine and never in a packaged app, where an environment variable
// set by another program would otherwise be enough to hand it the Bridge.

export const DEV_URL_ENV = 'STREAMTRAY_DEV_URL';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function resolveAppUrl(
  env: Readonly<Record<string, string | undefined>>,
  options: { packaged: boolean },
): { url: string; warning: string | null } {
  const dev = env[DEV_URL_ENV]?.trim();
  if (!dev) return { url: APP_INDEX_URL, warning: null };
  if (options.packaged) {
    return { url: APP_INDEX_URL, warning: `${DEV_URL_ENV} is ignored by an installed Streamtray` };
  }
  let parsed: URL;
  try {
    parsed = new URL(dev);
  } catch {
    return {
      url: APP_INDEX_URL,
      warning: `${DEV_URL_ENV} is not a URL; loading the built dashboard instead`,
    };
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !LOOPBACK.has(parsed.hostname)) {
    return {
      url: APP_INDEX_URL,
      warning: `${DEV_URL_ENV} must be an http(s) URL on localhost; loading the built dashboard instead`,
    };
  }
  return { url: parsed.href, warning: null };
}
