import { baseUrlSchema } from '../../../shared/config.ts';
import { ProviderError } from '../errors.ts';

/** Where a provider's API lives by default: its public origin and the documented root path on it. */
export interface ApiHome {
  origin: string;
  /** Starts and ends with `/`, e.g. `/v1/`. */
  rootPath: string;
}

/**
 * The API root a client talks to, always ending in `/` so relative paths resolve beneath it. A source's
 * `baseUrl` may be an origin (`https://api.example.com`, the documented root path is appended), a prefix
 * on it (`https://example.com/proxy/`, likewise) or the full API root (`https://api.example.com/v1/`).
 * Plain http is refused unless the host is this machine: credentials never cross a network unencrypted.
 */
export function resolveApiRoot(configured: string | undefined, home: ApiHome): URL {
  if (configured === undefined) return new URL(home.rootPath, home.origin);
  const result = baseUrlSchema.safeParse(configured);
  if (!result.success) {
    throw new ProviderError('config', `baseUrl: ${result.error.issues[0]?.message ?? 'invalid URL'}`);
  }
  const url = new URL(configured);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  if (!url.pathname.endsWith(home.rootPath)) url.pathname += home.rootPath.slice(1);
  return url;
}
