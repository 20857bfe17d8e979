import { describe, expect, it } from 'vitest';
import type {
  ComputedDailyRow,
  DailyReportRow,
  ReportSource,
  WmspanelReportRow,
} from '../../../../shared/daily-report.ts';
import {
  columnP95,
  columnTotal,
  csvFileName,
  REPORT_COLUMNS,
  reportHash,
  reportLines,
  reportQueryFromHash,
  shownColumns,
  shownCsv,
  sortLines,
  trendLines,
  type ReportColumn,
} from '../../../../renderer/logic/daily-report.ts';

function qiniu(date: string, peak: number, traffic: number | null = peak * 1000): ComputedDailyRow {
  return {
    date,
    source: 'pili',
    peak_viewers: peak,
    avg_viewers: peak / 2,
    peak_bandwidth_bps: peak * 1_000,
    p95_bandwidth_bps: peak * 900,
    traffic_bytes: traffic,
  };
}

function wms(date: string, viewers: number): WmspanelReportRow {
  return {
    date,
    source: 'wms',
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
  };
}

const source = (id: string, provider: ReportSource['provider'], failed = false): ReportSource => ({
  id,
  name: id.toUpperCase(),
  provider,
  error: failed ? { kind: 'auth', message: 'rejected' } : null,
});

const column = (id: string): ReportColumn => {
  const found = REPORT_COLUMNS.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(id);
  return found;
};

describe('the daily report view', () => {
  it('shows only the figures some row has: a ScaleEngine-only report has no bandwidth columns', () => {
    const se: ComputedDailyRow = {
      ...qiniu('2026-11-01', 5),
      source: 'se',
      peak_bandwidth_bps: null,
      p95_bandwidth_bps: null,
      traffic_bytes: null,
    };
    expect(shownColumns([se]).map((c) => c.id)).toEqual(['peak_viewers', 'avg_viewers']);
    expect(shownColumns([wms('2026-11-01', 3)], [source('wms', 'wmspanel')]).map((c) => c.id)).toEqual([
      'viewers',
      'total_view_time',
      'message_out',
      'message_in',
      'message_lost',
      'max_message_out_rate',
      'max_message_in_rate',
    ]);
    // Mixed with other providers, WMSPanel's ingest figures make way so the table fits.
    expect(
      shownColumns([se, wms('2026-11-01', 3)], [source('se', 'scaleengine'), source('wms', 'wmspanel')]).map(
        (c) => c.id,
      ),
    ).toEqual([
      'peak_viewers',
      'avg_viewers',
      'viewers',
      'total_view_time',
      'message_out',
      'max_message_out_rate',
    ]);
  });

  it('shows a missing day as a gap for each source that answered, up to today, and marks today partial', () => {
    const rows: DailyReportRow[] = [qiniu('2026-11-01', 5), wms('2026-11-02', 3), qiniu('2026-11-03', 7)];
    const lines = reportLines(
      rows,
      [source('wms', 'wmspanel'), source('pili', 'qiniu'), source('se', 'scaleengine', true)],
      { from: '2026-11-01', to: '2026-11-05' },
      '2026-11-03',
    );
    expect(
      lines.map((line) => [line.date, line.sourceId, line.row === null ? 'gap' : 'row', line.partial]),
    ).toEqual([
      ['2026-11-01', 'pili', 'row', false],
      ['2026-11-01', 'wms', 'gap', false],
      ['2026-11-02', 'pili', 'gap', false],
      ['2026-11-02', 'wms', 'row', false],
      ['2026-11-03', 'pili', 'row', true],
      ['2026-11-03', 'wms', 'gap', true],
    ]);
  });

  it('sorts by a column either way, gaps and missing values last', () => {
    const rows = [qiniu('2026-11-01', 5), qiniu('2026-11-02', 9), qiniu('2026-11-04', 1)];
    const lines = reportLines(
      rows,
      [source('pili', 'qiniu')],
      { from: '2026-11-01', to: '2026-11-04' },
      '2026-11-30',
    );
    const order = (descending: boolean) =>
      sortLines(lines, { key: 'peak_viewers', descending }, (id) => id).map(
        (line) => line.row?.peak_viewers ?? 'gap',
      );
    expect(order(true)).toEqual([9, 5, 1, 'gap']);
    expect(order(false)).toEqual([1, 5, 9, 'gap']);
    expect(sortLines(lines, { key: 'date', descending: true }, (id) => id).map((line) => line.date)).toEqual([
      '2026-11-04',
      '2026-11-03',
      '2026-11-02',
      '2026-11-01',
    ]);
  });

  it('adds up traffic, takes the highest day for peaks and the mean day for averages, and has no total p95', () => {
    const rows = [qiniu('2026-11-01', 10), qiniu('2026-11-02', 30, null), qiniu('2026-11-03', 20)];
    expect(columnTotal(rows, column('traffic_bytes'))).toBe(30_000);
    expect(columnTotal(rows, column('peak_viewers'))).toBe(30);
    expect(columnTotal(rows, column('avg_viewers'))).toBe(10);
    expect(columnTotal(rows, column('p95_bandwidth_bps'))).toBeNull();
    expect(columnTotal(rows, column('viewers'))).toBeNull();
  });

  it('gives the nearest-rank p95 of the days shown', () => {
    const rows = Array.from({ length: 20 }, (_, i) =>
      qiniu(`2026-11-${String(i + 1).padStart(2, '0')}`, i + 1),
    );
    expect(columnP95(rows, column('peak_viewers'))).toBe(19);
  });

  it('draws one trend line per source that has the figure, null on its missing days', () => {
    const rows = [qiniu('2026-11-01', 5), wms('2026-11-02', 3)];
    const lines = trendLines(
      rows,
      [source('pili', 'qiniu'), source('wms', 'wmspanel'), source('se', 'scaleengine', true)],
      ['2026-11-01', '2026-11-02'],
      'peak_viewers',
    );
    // WMSPanel has no peak viewers at all: no flat empty line for it.
    expect(lines).toEqual([{ sourceId: 'pili', values: [5, null] }]);
  });

  it('writes the CSV of what is shown: shown order and columns, raw values, no gap lines', () => {
    const rows = [qiniu('2026-11-01', 5), qiniu('2026-11-03', 9)];
    const lines = sortLines(
      reportLines(rows, [source('pili', 'qiniu')], { from: '2026-11-01', to: '2026-11-03' }, '2026-11-30'),
      { key: 'peak_viewers', descending: true },
      (id) => id,
    );
    expect(shownCsv(lines, [column('peak_viewers'), column('traffic_bytes')])).toBe(
      'date,source,peak_viewers,traffic_bytes\r\n2026-11-03,pili,9,9000\r\n2026-11-01,pili,5,5000\r\n',
    );
    expect(csvFileName('all', '2026-11-01', '2026-11-03')).toBe(
      'streamtray-daily-all-2026-11-01-2026-11-03.csv',
    );
  });

  it('lands on the report a #/reports link names, and on the last seven days of every source otherwise', () => {
    expect(reportQueryFromHash('#/reports?source=pili&from=2026-10-01&to=2026-10-31', '2026-12-01')).toEqual({
      source: 'pili',
      from: '2026-10-01',
      to: '2026-10-31',
    });
    expect(reportQueryFromHash('#/overview', '2026-12-01')).toEqual({
      source: 'all',
      from: '2026-11-25',
      to: '2026-12-01',
    });
    expect(reportQueryFromHash('#/reports?from=2026-02-30', '2026-12-01')).toEqual({
      source: 'all',
      from: '2026-11-25',
      to: '2026-12-01',
    });
    const query = { source: 'se eu', from: '2026-11-01', to: '2026-11-07' };
    expect(reportQueryFromHash(reportHash(query), '2026-12-01')).toEqual(query);
  });
});
