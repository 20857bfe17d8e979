import { describe, expect, it } from 'vitest';
import type { StreamLive } from '../../../../shared/domain.ts';
import { capStreams, DEFAULT_STREAM_LIMIT } from '../../../../electron/core/metrics/stream-cap.ts';

const stream = (name: string, viewers: number | null, bandwidthBps: number | null = null): StreamLive => ({
  name,
  viewers,
  bandwidthBps,
});

describe('stream cardinality cap', () => {
  it('keeps the busiest streams by viewers and sums the rest, so totals still add up', () => {
    const { top, other } = capStreams(
      [stream('a', 5, 100), stream('b', 50, 1000), stream('c', 1, 10), stream('d', 20, 400)],
      2,
    );
    expect(top.map((s) => s.name)).toEqual(['b', 'd']);
    expect(other).toEqual({ count: 2, viewers: 6, bandwidthBps: 110 });
  });

  it('has no "other" series when every stream fits under the limit', () => {
    expect(capStreams([stream('a', 1), stream('b', 2)], 2)).toEqual({
      top: [stream('b', 2), stream('a', 1)],
      other: null,
    });
  });

  it('shows 20 streams per source by default', () => {
    const many = Array.from({ length: 30 }, (_, i) => stream(`s${i}`, i));
    const { top, other } = capStreams(many);
    expect(DEFAULT_STREAM_LIMIT).toBe(20);
    expect(top).toHaveLength(20);
    expect(top[0]?.name).toBe('s29');
    expect(other).toMatchObject({ count: 10, viewers: 45 });
  });

  it('leaves a value out of "other" when none of the folded streams has it, instead of reporting 0', () => {
    const { other } = capStreams([stream('a', 3), stream('b', 2), stream('c', 1)], 1);
    expect(other).toEqual({ count: 2, viewers: 3, bandwidthBps: null });
  });

  it('ranks by bandwidth when the provider reports no viewers', () => {
    const { top } = capStreams(
      [stream('low', null, 10), stream('high', null, 900), stream('mid', null, 50)],
      2,
    );
    expect(top.map((s) => s.name)).toEqual(['high', 'mid']);
  });

  it('always counts a stream really named "other" inside the "other" series, so the two never collide', () => {
    const { top, other } = capStreams([stream('other', 100), stream('main', 5)], 5);
    expect(top.map((s) => s.name)).toEqual(['main']);
    expect(other).toEqual({ count: 1, viewers: 100, bandwidthBps: null });
  });

  it('adds up streams of the same name (one stream on two servers) into one series', () => {
    const { top } = capStreams([stream('live', 4, 100), stream('live', 6, null)], 5);
    expect(top).toEqual([stream('live', 10, 100)]);
  });

  it('refuses a limit that is not a whole number of streams', () => {
    expect(() => capStreams([], -1)).toThrow(/stream limit/);
    expect(() => capStreams([], 1.5)).toThrow(/stream limit/);
  });
});
