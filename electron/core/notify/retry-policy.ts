// When a failed attempt is tried again: exponential backoff with jitter, from seconds up to a ten-minute
// ceiling, for at most a day after the message was committed; a service's own Retry-After wins.

export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const FIRST_DELAY_MS = 5_000;
const MAX_DELAY_MS = 10 * 60_000;

/**
 * The wait after the `attempts`-th failed attempt (1-based): 5 s, 10 s, 20 s … capped at 10 min, each
 * drawn between half and all of that so that points failing together do not retry in lockstep.
 */
export function backoffMs(attempts: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The next attempt's time, or null when the message has been retried for long enough. */
export function nextAttemptAt(input: {
  createdAt: number;
  now: number;
  attempts: number;
  retryAfterMs: number | null;
  random: () => number;
}): number | null {
  const wait = input.retryAfterMs ?? backoffMs(input.attempts, input.random);
  const at = input.now + Math.max(1_000, wait);
  return at - input.createdAt > GIVE_UP_AFTER_MS ? null : at;
}
