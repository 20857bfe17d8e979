import { describe, expect, it } from 'vitest';
import { nearestRank } from '../../../shared/percentile.ts';

describe('nearest-rank percentile', () => {
  it('takes the value at rank ⌈0.95·n⌉ of the values sorted ascending', () => {
    // n = 20: rank 19, the second highest; 0.95 × 20 must not round up to rank 20.
    const values = Array.from({ length: 20 }, (_, i) => (20 - i) * 10);
    expect(nearestRank(values, 0.95)).toBe(190);
    // n = 21: ⌈19.95⌉ = 20.
    expect(nearestRank([...values, 5], 0.95)).toBe(190);
    // n = 100: rank 95.
    expect(
      nearestRank(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(95);
  });

  it('is the only value of one, the highest of two, and null for none', () => {
    expect(nearestRank([42], 0.95)).toBe(42);
    expect(nearestRank([3, 1], 0.95)).toBe(3);
    expect(nearestRank([], 0.95)).toBeNull();
  });

  it('is always one of the values, never an interpolation', () => {
    expect(nearestRank([1, 2, 3, 1000], 0.5)).toBe(2);
  });

  it('refuses a percentile outside (0, 1]', () => {
    expect(() => nearestRank([1], 0)).toThrow(RangeError);
    expect(() => nearestRank([1], 95)).toThrow(RangeError);
  });
});
