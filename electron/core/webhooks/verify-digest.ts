import { hash, timingSafeEqual } from 'node:crypto';
import { parseUtcDateTime } from '../../../shared/utc-time.ts';
import { WEBHOOK_TIME_PATTERN } from './webhook-schemas.ts';

export const DEFAULT_FRESHNESS_SECONDS = 300;

// A storm arrives as many deliveries stamped with the same second (and so the same digest): the last
// time parsed and the last digest computed are kept, which spares a parse and an MD5 per delivery.
let lastTime: { time: string; ms: number | null } = { time: '', ms: null };
let lastDigest: { time: string; token: string; expected: Buffer } | null = null;

/** `2014-10-16 03:13:31 UTC` as UTC epoch ms, or null when it is not a real calendar time. */
export function parseWebhookTime(time: string): number | null {
  if (time === lastTime.time) return lastTime.ms;
  const ms = WEBHOOK_TIME_PATTERN.test(time) ? parseUtcDateTime(time.slice(0, -' UTC'.length)) : null;
  lastTime = { time, ms };
  return ms;
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
  if (lastDigest?.time !== time || lastDigest.token !== token) {
    lastDigest = { time, token, expected: hash('md5', time + token, 'buffer') };
  }
  return timingSafeEqual(lastDigest.expected, Buffer.from(digest, 'hex'));
}
