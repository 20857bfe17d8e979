import { describe, expect, it } from 'vitest';
import {
  scaleEngineDailyRows,
  type ScaleEngineLogRow,
} from '../../../../electron/core/reports/scaleengine-daily-rows.ts';

const log = (time: string, app: string, video_url: string, avg: number, max: number): ScaleEngineLogRow => ({
  app,
  video_url,
  viewer_count_avg: avg,
  viewer_count_max: max,
  time,
});

describe('ScaleEngine daily rows from the hourly or daily viewer.log', () => {
  it('sums the streams of each hour, then takes the highest hour as peak and the mean hour as average', () => {
    const rows = scaleEngineDailyRows(
      'se',
      [
        log('2026-11-03 10:00:00', 'live', 'a', 10, 12),
        log('2026-11-03 10:00:00', 'live', 'b', 20, 25),
        log('2026-11-03 11:00:00', 'live', 'a', 30, 40),
        // The same stream name in another app is another audience.
        log('2026-11-03 11:00:00', 'events', 'a', 6, 8),
      ],
      '2026-11-01',
      '2026-11-30',
    );
    expect(rows).toEqual([
      {
        date: '2026-11-03',
        source: 'se',
        peak_viewers: 48,
        avg_viewers: 33,
        peak_bandwidth_bps: null,
        p95_bandwidth_bps: null,
        traffic_bytes: null,
      },
    ]);
  });

  it('reads a daily row (older than 45 days) as one bucket for its day', () => {
    const [row] = scaleEngineDailyRows(
      'se',
      [log('2026-08-01 00:00:00', 'live', 'a', 15, 90)],
      '2026-08-01',
      '2026-08-01',
    );
    expect(row).toMatchObject({ date: '2026-08-01', peak_viewers: 90, avg_viewers: 15 });
  });

  it('keeps the provider calendar date: 23:00 is still that day, and days without rows are absent', () => {
    const rows = scaleEngineDailyRows(
      'se',
      [
        log('2026-11-03 23:00:00', 'live', 'a', 5, 6),
        log('2026-11-05 00:00:00', 'live', 'a', 7, 8),
        log('2026-11-06 00:00:00', 'live', 'a', 1, 1),
      ],
      '2026-11-03',
      '2026-11-05',
    );
    expect(rows.map((row) => row.date)).toEqual(['2026-11-03', '2026-11-05']);
  });

  it('counts a row served twice (overlapping answers) once', () => {
    const row = log('2026-11-03 10:00:00', 'live', 'a', 10, 12);
    const [day] = scaleEngineDailyRows('se', [row, { ...row }], '2026-11-03', '2026-11-03');
    expect(day).toMatchObject({ peak_viewers: 12, avg_viewers: 10 });
  });
});
