import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../../electron/core/notify/retry-after.ts';
import { backoffMs, GIVE_UP_AFTER_MS, nextAttemptAt } from '../../../../electron/core/notify/retry-policy.ts';

// When a failed delivery is tried again: doubling waits with jitter, a ceiling, the service's own
// Retry-After, and a day's limit.

const NOW = Date.UTC(2025, 0, 6, 12, 0, 0);

describe('retry policy', () => {
  it('doubles the wait after each failure, up to ten minutes, drawn between half and all of it', () => {
    const low = [1, 2, 3, 4, 12].map((n) => backoffMs(n, () => 0));
    const high = [1, 2, 3, 4, 12].map((n) => backoffMs(n, () => 1));
    expect(low).toEqual([2_500, 5_000, 10_000, 20_000, 300_000]);
    expect(high).toEqual([5_000, 10_000, 20_000, 40_000, 600_000]);
  });

  it('waits what Retry-After asks, in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(
      nextAttemptAt({ createdAt: NOW, now: NOW, attempts: 1, retryAfterMs: 120_000, random: () => 0 }),
    ).toBe(NOW + 120_000);
  });

  it('stops retrying a day after the message was committed', () => {
    const late = NOW + GIVE_UP_AFTER_MS - 1_000;
    expect(
      nextAttemptAt({ createdAt: NOW, now: late, attempts: 30, retryAfterMs: null, random: () => 1 }),
    ).toBeNull();
    expect(
      nextAttemptAt({
        createdAt: NOW,
        now: NOW + 3_600_000,
        attempts: 30,
        retryAfterMs: null,
        random: () => 1,
      }),
    ).toBe(NOW + 3_600_000 + 600_000);
  });
});
