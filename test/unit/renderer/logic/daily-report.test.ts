import { describe, expect, it } from 'vitest';
import type { DailyStatsRow } from '../../../../shared/daily-stats.ts';
import { csvFileName, dailyCsv, dailyTotals, utcDate } from '../../../../renderer/logic/daily-report.ts';

function row(date: string, viewers: number, extra: Record<string, unknown> = {}): DailyStatsRow {
  return {
    date,
    viewers,
    hls_viewers: viewers,
    hds_viewers: 0,
    smooth_viewers: 0,
    rtsp_viewers: 0,
    rtmp_viewers: 0,
    mgh_viewers: 0,
    dash_viewers: 0,
    dvr_viewers: 0,
    ice_viewers: 0,
    pd_viewers: 0,
    message_in: 1_000,
    message_out: viewers * 1_000_000,
    message_lost: 5,
    max_message_in_rate: 2_000_000,
    max_message_out_rate: viewers * 10_000,
    total_view_time: viewers * 60,
    ...extra,
  };
}

describe('daily report', () => {
  it('writes every documented column in order, then extra *_viewers columns, CRLF-terminated', () => {
    const csv = dailyCsv([row('2026-11-01', 10), row('2026-11-02', 20, { webrtc_viewers: 3 })]);
    const lines = csv.split('\r\n');
    expect(lines[0]?.split(',').slice(0, 3)).toEqual(['date', 'viewers', 'hls_viewers']);
    expect(lines[0]?.split(',').at(-1)).toBe('webrtc_viewers');
    expect(lines[1]?.startsWith('2026-11-01,10,10,')).toBe(true);
    expect(lines[1]?.endsWith(',600,')).toBe(true);
    expect(lines[2]?.endsWith(',1200,3')).toBe(true);
    expect(lines.at(-1)).toBe('');
  });

  it('quotes fields holding commas or quotes', () => {
    const csv = dailyCsv([row('2026-11-01', 1, { odd_viewers: 'a,"b"' })]);
    expect(csv).toContain('"a,""b"""');
  });

  it('sums traffic and view time but takes the highest peak', () => {
    const totals = dailyTotals([row('2026-11-01', 10), row('2026-11-02', 30)]);
    expect(totals).toEqual({
      viewers: 40,
      totalViewTime: 2400,
      messageIn: 2000,
      messageOut: 40_000_000,
      messageLost: 10,
      maxIn: 2_000_000,
      maxOut: 300_000,
    });
  });

  it('takes calendar dates in UTC and makes safe file names', () => {
    const lateEvening = Date.UTC(2026, 10, 23, 23, 30);
    expect(utcDate(lateEvening)).toBe('2026-11-23');
    expect(utcDate(lateEvening, -7)).toBe('2026-11-16');
    expect(csvFileName('wms/../x', '2026-11-01', '2026-11-07')).toBe(
      'streamtray-daily-wms_.._x-2026-11-01-2026-11-07.csv',
    );
  });
});
