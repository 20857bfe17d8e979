import { describe, expect, it } from 'vitest';
import { qiniuDailyRows, type QiniuBucket } from '../../../../electron/core/reports/qiniu-daily-rows.ts';

const at = (iso: string) => Date.parse(iso) / 1000;
const bucket = (iso: string, count: number, bandwidth: number): QiniuBucket => ({
  time: at(iso),
  count,
  bandwidth,
});

describe('Qiniu daily rows from the 5-minute history', () => {
  it('gives peak = max, avg = mean, p95 = nearest rank and traffic = Σ bandwidth × 300 / 8 for each day', () => {
    // 20 buckets on one day: bandwidths 1..20 Mbps, counts 10..200.
    const buckets = Array.from({ length: 20 }, (_, i) =>
      bucket(
        `2026-11-03T${String(Math.floor(i / 12)).padStart(2, '0')}:${String((i % 12) * 5).padStart(2, '0')}:00Z`,
        (i + 1) * 10,
        (i + 1) * 1_000_000,
      ),
    );
    const [row, ...rest] = qiniuDailyRows('pili', buckets, '2026-11-01', '2026-11-30');
    expect(rest).toEqual([]);
    expect(row).toEqual({
      date: '2026-11-03',
      source: 'pili',
      peak_viewers: 200,
      avg_viewers: 105,
      peak_bandwidth_bps: 20_000_000,
      // Rank ⌈0.95 × 20⌉ = 19.
      p95_bandwidth_bps: 19_000_000,
      // Σ 1..20 Mbps = 210 Mbps; × 300 s / 8 = 7.875 GB.
      traffic_bytes: 7_875_000_000,
    });
  });

  it('puts a bucket in the UTC day it starts in: 23:55 is the old day, 00:00 the new one', () => {
    const rows = qiniuDailyRows(
      'pili',
      [bucket('2026-11-03T23:55:00Z', 7, 800), bucket('2026-11-04T00:00:00Z', 3, 160)],
      '2026-11-01',
      '2026-11-30',
    );
    expect(rows.map((row) => [row.date, row.peak_viewers, row.traffic_bytes])).toEqual([
      ['2026-11-03', 7, 30_000],
      ['2026-11-04', 3, 6_000],
    ]);
  });

  it('leaves days without buckets out, and keeps days outside the range out', () => {
    const rows = qiniuDailyRows(
      'pili',
      [
        bucket('2026-10-31T23:55:00Z', 1, 1),
        bucket('2026-11-01T12:00:00Z', 5, 5),
        bucket('2026-11-04T12:00:00Z', 9, 9),
        bucket('2026-11-05T00:00:00Z', 2, 2),
      ],
      '2026-11-01',
      '2026-11-04',
    );
    expect(rows.map((row) => row.date)).toEqual(['2026-11-01', '2026-11-04']);
  });

  it('counts a bucket served twice only once', () => {
    const twice = [
      bucket('2026-11-03T10:00:00Z', 4, 1_000),
      bucket('2026-11-03T10:00:00Z', 4, 1_000),
      bucket('2026-11-03T10:05:00Z', 2, 3_000),
    ];
    const [row] = qiniuDailyRows('pili', twice, '2026-11-03', '2026-11-03');
    expect(row?.avg_viewers).toBe(3);
    expect(row?.traffic_bytes).toBe(150_000);
  });

  it('keeps a day of zero-audience buckets as a day with zeros, not as missing', () => {
    const [row] = qiniuDailyRows('pili', [bucket('2026-11-03T10:00:00Z', 0, 0)], '2026-11-03', '2026-11-03');
    expect(row).toMatchObject({ peak_viewers: 0, avg_viewers: 0, p95_bandwidth_bps: 0, traffic_bytes: 0 });
  });
});
