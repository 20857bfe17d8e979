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

/**
 * The checks of one listener, remembering the last time it parsed and the last digest it computed: a
 * storm's deliveries share one second, hence one digest. Worth 4 % of the webhook path's CPU in a
 * profile of the benchmark (BENCHMARKS.md), so kept, per listener rather than module-wide.
 */
export function createWebhookChecks(): {
  parseTime(time: string): number | null;
  verify(time: string, digest: string, token: string): boolean;
} {
  let lastTime: { time: string; ms: number | null } | null = null;
  let lastDigest: { input: string; expected: Buffer } | null = null;
  return {
    parseTime(time) {
      if (lastTime?.time !== time) lastTime = { time, ms: parseWebhookTime(time) };
      return lastTime.ms;
    },
    verify(time, digest, token) {
      if (!/^[0-9a-fA-F]{32}$/.test(digest)) return false;
      const input = time + token;
      if (lastDigest?.input !== input) lastDigest = { input, expected: hash('md5', input, 'buffer') };
      return timingSafeEqual(lastDigest.expected, Buffer.from(digest, 'hex'));
    },
  };
}
