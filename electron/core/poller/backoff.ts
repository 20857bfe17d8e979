/** How long to wait after the n-th consecutive failure (n ≥ 1): doubling from `baseMs` up to `maxMs`. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 5 * 60_000 };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so a fleet of sources
 * failing together (a provider outage) does not retry in lockstep, yet never retries immediately.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** The interval spread by ±`ratio`, so sources configured alike do not all poll in the same instant. */
export function jittered(intervalMs: number, ratio: number, random: () => number): number {
  return Math.round(intervalMs * (1 - ratio + 2 * ratio * random()));
}
