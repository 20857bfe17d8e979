import { hash, timingSafeEqual } from 'node:crypto';
import { parseUtcDateTime } from '../../../shared/utc-time.ts';
import { WEBHOOK_TIME_PATTERN } from './webhook-schemas.ts';

/**
 * The digest covers only the time, so a captured delivery stays valid forever: the freshness window (±5
 * minutes) bounds how long it can be replayed; repeats inside it are caught by the alert log's identity.
 */
export const DEFAULT_FRESHNESS_SECONDS = 300;

/** `2014-10-16 03:13:31 UTC` as UTC epoch ms, or null when it is not a real calendar time. */
export function parseWebhookTime(time: string): number | null {
  return WEBHOOK_TIME_PATTERN.test(time) ? parseUtcDateTime(time.slice(0, -' UTC'.length)) : null;
}

/** `digest == hex(MD5(time + token))`, `time` exactly as received, compared in constant time. */
export function verifyDigest(time: string, digest: string, token: string): boolean {
  if (!/^[0-9a-fA-F]{32}$/.test(digest)) return false;
  return timingSafeEqual(hash('md5', time + token, 'buffer'), Buffer.from(digest, 'hex'));
}
