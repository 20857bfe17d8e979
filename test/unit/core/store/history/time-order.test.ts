import { describe, expect, it } from 'vitest';
import { inTimeOrder } from '../../../../../electron/core/store/history/time-order.ts';

describe('chart series time order', () => {
  it('sorts the three arrays together by time when they come out of order', () => {
    const t = [3000, 1000, 2000];
    const viewers = [30, 10, null];
    const bandwidth = [300, 100, 200];
    inTimeOrder(t, viewers, bandwidth);
    expect([t, viewers, bandwidth]).toEqual([
      [1000, 2000, 3000],
      [10, null, 30],
      [100, 200, 300],
    ]);
  });

  it('leaves arrays already in order as they are', () => {
    const t = [1000, 2000, 2000, 3000];
    const viewers = [1, 2, 3, 4];
    const bandwidth = [null, null, 5, 6];
    inTimeOrder(t, viewers, bandwidth);
    expect([t, viewers, bandwidth]).toEqual([
      [1000, 2000, 2000, 3000],
      [1, 2, 3, 4],
      [null, null, 5, 6],
    ]);
  });
});
