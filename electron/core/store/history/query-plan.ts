import type { Tier } from './retention.ts';

export interface QueryPlan {
  tier: number;
  /** Bucket width in seconds, a multiple of the tier's resolution. */
  bucketSec: number;
  mode: 'mean' | 'envelope';
  fromSec: number;
  /** Exclusive. */
  toSec: number;
}

/**
 * Picks the coarsest tier that still has rows for the start of the range and is no coarser than the
 * buckets the point budget allows; then either every bucket of that tier (mean) or wider buckets drawn
 * as low and high (envelope), never more than `maxPoints` points.
 */
export function planQuery(
  tiers: readonly Tier[],
  request: { fromMs: number; toMs: number; maxPoints: number },
  nowMs: number,
): QueryPlan {
  const fromSec = Math.floor(request.fromMs / 1000);
  const toSec = Math.floor(request.toMs / 1000) + 1;
  const rangeSec = Math.max(1, toSec - fromSec);
  const nowSec = Math.floor(nowMs / 1000);
  const covering = tiers
    .map((tier, index) => ({ tier, index }))
    .filter(({ tier }) => tier.keepSec === null || fromSec >= nowSec - tier.keepSec);
  const envelopeBuckets = Math.max(1, Math.floor(request.maxPoints / 2) - 1);
  const targetSec = Math.ceil(rangeSec / envelopeBuckets);
  const fitting = covering.filter(({ tier }) => tier.resSec <= targetSec);
  const chosen = fitting.at(-1) ?? covering[0] ?? { tier: tiers.at(-1), index: tiers.length - 1 };
  if (!chosen.tier) throw new Error('no storage tiers configured');
  const res = chosen.tier.resSec;
  if (Math.floor(rangeSec / res) + 1 <= request.maxPoints) {
    return { tier: chosen.index, bucketSec: res, mode: 'mean', fromSec, toSec };
  }
  if (request.maxPoints < 4) {
    // No room for a low and a high: one mean per bucket, at most maxPoints of them.
    const bucketSec = Math.ceil(Math.ceil(rangeSec / (request.maxPoints - 1)) / res) * res;
    return { tier: chosen.index, bucketSec, mode: 'mean', fromSec, toSec };
  }
  return {
    tier: chosen.index,
    bucketSec: Math.ceil(targetSec / res) * res,
    mode: 'envelope',
    fromSec,
    toSec,
  };
}
