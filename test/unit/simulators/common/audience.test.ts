import { describe, expect, it } from 'vitest';
import {
  bitrateOf,
  dailyCurve,
  isLive,
  unitHash,
  viewersAt,
} from '../../../../electron/simulators/common/audience.ts';
import { hubBucket, liveAt } from '../../../../electron/simulators/qiniu/qiniu-data.ts';

/** The hash as first written: FNV-1a over the joined text. The fast paths must keep every figure. */
function joinedHash(...parts: (string | number)[]): number {
  let h = 2166136261;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const T0 = Date.parse('2026-11-01T00:00:00Z');

describe('the simulated audience', () => {
  it('serves the same figures as the joined-text hash it was defined by', () => {
    for (let i = 0; i < 500; i += 1) {
      const stream = `s${String(i % 37).padStart(4, '0')}`;
      const at = T0 + i * 7 * 60_000;
      expect(unitHash('seed', stream, 'x', i)).toBe(joinedHash('seed', stream, 'x', i));
      expect(isLive('seed', stream, at)).toBe(
        joinedHash('seed', stream, 'live', Math.floor(at / 3_600_000)) < 0.85,
      );
      const size = 2 + Math.floor(Math.pow(joinedHash('seed', stream, 'size'), 3) * 4000);
      const noise = 0.9 + 0.2 * joinedHash('seed', stream, 'noise', Math.floor(at / 60_000));
      expect(viewersAt('seed', stream, at)).toBe(
        isLive('seed', stream, at) ? Math.max(0, Math.round(size * dailyCurve(at) * noise)) : 0,
      );
      const ladder = [600_000, 979_176, 1_500_000, 2_500_000, 4_500_000];
      expect(bitrateOf('seed', stream)).toBe(ladder[Math.floor(joinedHash('seed', stream, 'bitrate') * 5)]);
    }
  });

  it('makes a Pili 5-minute bucket the mean of the five minutes /stat/play would have answered', () => {
    const model = { seed: 'demo', streams: Array.from({ length: 30 }, (_, i) => `s${i}`) };
    for (let bucket = T0 / 1000; bucket < T0 / 1000 + 6 * 3600; bucket += 300) {
      const minutes = [0, 1, 2, 3, 4].map((i) => liveAt(model, bucket * 1000 + i * 60_000).total);
      expect(hubBucket(model, bucket)).toEqual({
        count: Math.round(minutes.reduce((sum, m) => sum + m.count, 0) / 5),
        bandwidth: Math.round(minutes.reduce((sum, m) => sum + m.bandwidth, 0) / 5),
      });
    }
  });
});
