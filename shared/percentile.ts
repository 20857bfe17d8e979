/**
 * The nearest-rank percentile: the values sorted ascending, the one at 1-based rank ⌈p·n⌉ (at least 1).
 * It is always one of the values, never an interpolation; null for no values. `p` is in (0, 1].
 */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile must be in (0, 1], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // 0.95 × 20 is 19.000000000000004 in floating point: round away such noise before taking the ceiling.
  const rank = Math.max(1, Math.ceil(Number((p * sorted.length).toFixed(9))));
  return sorted[rank - 1] ?? null;
}
