import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Where the dashboard page comes from: the built renderer inside the app, or, for development, the Vite
// dev server named by STREAMTRAY_DEV_URL. The page gets the Bridge (including secret writes), so a dev
// URL is only accepted on this machine.

export const DEV_URL_ENV = 'STREAMTRAY_DEV_URL';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function resolveAppUrl(
  appRoot: string,
  env: Readonly<Record<string, string | undefined>>,
): { url: string; warning: string | null } {
  const built = pathToFileURL(path.join(appRoot, 'dist', 'renderer', 'index.html')).href;
  const dev = env[DEV_URL_ENV]?.trim();
  if (!dev) return { url: built, warning: null };
  let parsed: URL;
  try {
    parsed = new URL(dev);
  } catch {
    return { url: built, warning: `${DEV_URL_ENV} is not a URL; loading the built dashboard instead` };
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !LOOPBACK.has(parsed.hostname)) {
    return {
      url: built,
      warning: `${DEV_URL_ENV} must be an http(s) URL on localhost; loading the built dashboard instead`,
    };
  }
  return { url: parsed.href, warning: null };
}
