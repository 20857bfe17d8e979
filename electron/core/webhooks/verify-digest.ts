import { createHash, timingSafeEqual } from 'node:crypto';
import { parseUtcDateTime } from '../../../shared/utc-time.ts';
import { WEBHOOK_TIME_PATTERN } from './webhook-schemas.ts';

export const DEFAULT_FRESHNESS_SECONDS = 300;

/** `2014-10-16 03:13:31 UTC` as UTC epoch ms, or null when it is not a real calendar time. */
export function parseWebhookTime(time: string): number | null {
  return WEBHOOK_TIME_PATTERN.test(time) ? parseUtcDateTime(time.slice(0, -' UTC'.length)) : null;
}

export type TimeCheck =
  { ok: true; occurredAt: number } | { ok: false; reason: 'format' | 'stale' | 'future' };

/**
 * The digest covers only the time, so a captured delivery stays valid forever: the freshness window is
 * what bounds how long it can be replayed (repeats inside it are caught by the alert log's identity).
 */
export function checkFreshness(
  time: string,
  nowMs: number,
  windowSeconds = DEFAULT_FRESHNESS_SECONDS,
): TimeCheck {
  const occurredAt = parseWebhookTime(time);
  if (occurredAt === null) return { ok: false, reason: 'format' };
  if (occurredAt < nowMs - windowSeconds * 1000) return { ok: false, reason: 'stale' };
  if (occurredAt > nowMs + windowSeconds * 1000) return { ok: false, reason: 'future' };
  return { ok: true, occurredAt };
}

/** `digest == hex(MD5(time + token))`, `time` exactly as received, compared in constant time. */
export function verifyDigest(time: string, digest: string, token: string): boolean {
  if (!/^[0-9a-fA-F]{32}$/.test(digest)) return false;
  const expected = createHash('md5')
    .update(time + token, 'utf8')
    .digest();
  return timingSafeEqual(expected, Buffer.from(digest, 'hex'));
}
