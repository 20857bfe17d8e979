import { describe, expect, it } from 'vitest';
import { qiniuHistorySpan, scaleEngineWindows } from '../../../../electron/core/reports/history-windows.ts';

const NOW = Date.parse('2026-12-01T22:30:00Z');

describe('history calls for a report range', () => {
  it('asks Pili for 00:00:00 of the first day to 23:59:59 of the last, in Unix seconds', () => {
    expect(qiniuHistorySpan('2026-11-01', '2026-11-02')).toEqual({
      start: Date.parse('2026-11-01T00:00:00Z') / 1000,
      end: Date.parse('2026-11-03T00:00:00Z') / 1000 - 1,
    });
  });

  it('asks ScaleEngine by the hour a week at a time for recent days', () => {
    expect(scaleEngineWindows('2026-11-15', '2026-11-30', NOW)).toEqual([
      { graph: 3, starttime: '2026-11-15 00:00:00' },
      { graph: 3, starttime: '2026-11-22 00:00:00' },
      { graph: 3, starttime: '2026-11-29 00:00:00' },
    ]);
  });

  it('asks by the day, 30 days at a time, for days whose hourly rows are gone (older than 45 days)', () => {
    // 45 days before NOW is 2026-10-17 22:30, so 2026-10-18 is the first fully hourly day.
    expect(scaleEngineWindows('2026-08-01', '2026-10-20', NOW)).toEqual([
      { graph: 4, starttime: '2026-08-01 00:00:00' },
      { graph: 4, starttime: '2026-08-31 00:00:00' },
      { graph: 4, starttime: '2026-09-30 00:00:00' },
      { graph: 3, starttime: '2026-10-18 00:00:00' },
    ]);
  });

  it('never asks for days after today', () => {
    expect(scaleEngineWindows('2026-12-01', '2026-12-31', NOW)).toEqual([
      { graph: 3, starttime: '2026-12-01 00:00:00' },
    ]);
    expect(scaleEngineWindows('2026-12-02', '2026-12-31', NOW)).toEqual([]);
  });
});
