import { describe, expect, it } from 'vitest';
import { isAtPoint, nearestIndex } from '../../../../renderer/charts/series-at-x.ts';

const line = [0, 10, 20, 30, 100].map((x) => ({ x }));

describe('tooltip lines at the hovered time', () => {
  it('finds the point nearest the cursor in a sorted line', () => {
    expect(nearestIndex(line, -5)).toBe(0);
    expect(nearestIndex(line, 14)).toBe(1);
    expect(nearestIndex(line, 16)).toBe(2);
    expect(nearestIndex(line, 70)).toBe(4);
    expect(nearestIndex(line, 500)).toBe(4);
    expect(nearestIndex([], 3)).toBe(-1);
  });

  it('lists a sparse line’s point across its stretch, but not a line that has no point near', () => {
    // Between 30 and 100 the points are 70 apart: 60 is within the stretch of the point at 100.
    expect(isAtPoint(line, 4, 60, 2)).toBe(true);
    // Polled points a few apart at the start, nothing for a long time before them.
    const lateStart = [500, 505, 510].map((x) => ({ x }));
    expect(isAtPoint(lateStart, 0, 100, 12)).toBe(false);
    expect(isAtPoint(lateStart, 0, 490, 12)).toBe(true);
  });
});
