import { baseUrlSchema } from '../../../shared/config.ts';
import { ProviderError } from '../errors.ts';

/**
 * The API root a client talks to, always ending in `/` so relative paths resolve beneath it. Plain
 * http is refused unless the host is this machine (simulators, tests): credentials never cross a network
 * unencrypted.
 */
export function resolveBaseUrl(configured: string | undefined, fallback: string): URL {
  const value = configured ?? fallback;
  const result = baseUrlSchema.safeParse(value);
  if (!result.success) {
    throw new ProviderError('config', `baseUrl: ${result.error.issues[0]?.message ?? 'invalid URL'}`);
  }
  const url = new URL(value);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
