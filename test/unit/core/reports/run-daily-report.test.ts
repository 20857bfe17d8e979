import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../../shared/config.ts';
import type { DailyStatsRow } from '../../../../shared/daily-stats.ts';
import { ProviderError } from '../../../../electron/core/errors.ts';
import type { ReportFetchers } from '../../../../electron/core/reports/report-fetchers.ts';
import { runDailyReport } from '../../../../electron/core/reports/run-daily-report.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const SOURCES: SourceConfig[] = [
  { id: 'wms', provider: 'wmspanel', clientId: 'c', name: 'Edge' },
  { id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'h' },
  { id: 'se', provider: 'scaleengine', apiKey: 'k', cdnId: 1, apps: ['live'] },
];

function wmsRow(date: string, viewers: number): DailyStatsRow {
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
    message_in: 1,
    message_out: 2,
    message_lost: 0,
    max_message_in_rate: 3,
    max_message_out_rate: 4,
    total_view_time: 5,
  };
}

function fetchers(overrides: Partial<ReportFetchers> = {}): ReportFetchers & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    wmspanelDaily: (source, query) => {
      calls.push(`wms ${query.from} ${query.to} ${query.server ?? '-'}`);
      return Promise.resolve([wmsRow('2026-11-02', 30), wmsRow('2026-11-01', 20)]);
    },
    qiniuHistory: (source, query) => {
      calls.push(`qiniu ${query.start} ${query.end}`);
      const t = Date.parse('2026-11-01T10:00:00Z') / 1000;
      return Promise.resolve([
        { time: t, count: 4, bandwidth: 800 },
        { time: t + 86_400, count: 6, bandwidth: 1_600 },
      ]);
    },
    scaleEngineViewerLog: (source, query) => {
      calls.push(`se ${query.graph} ${query.starttime}`);
      return Promise.resolve([]);
    },
    ...overrides,
  };
}

const request = { source: 'all', from: '2026-11-01', to: '2026-11-10' };

describe('the daily report of every source', () => {
  it('lists every source’s rows in one list sorted by date then source id, each carrying its source', async () => {
    const report = await runDailyReport(request, { sources: SOURCES, fetchers: fetchers(), now: () => NOW });
    expect(report.rows.map((row) => [row.date, row.source])).toEqual([
      ['2026-11-01', 'pili'],
      ['2026-11-01', 'wms'],
      ['2026-11-02', 'pili'],
      ['2026-11-02', 'wms'],
    ]);
    expect(report.rows[1]).toEqual({ ...wmsRow('2026-11-01', 20), source: 'wms' });
    expect(report.sources).toEqual([
      { id: 'pili', name: 'pili', provider: 'qiniu', error: null },
      { id: 'se', name: 'se', provider: 'scaleengine', error: null },
      { id: 'wms', name: 'Edge', provider: 'wmspanel', error: null },
    ]);
  });

  it('still gives the other sources’ rows when one fails, with that source’s error', async () => {
    const failing = fetchers({
      qiniuHistory: () => Promise.reject(new ProviderError('auth', 'credentials rejected (HTTP 401)')),
    });
    const report = await runDailyReport(request, { sources: SOURCES, fetchers: failing, now: () => NOW });
    expect(report.rows.map((row) => row.source)).toEqual(['wms', 'wms']);
    expect(report.sources.find((source) => source.id === 'pili')?.error).toEqual({
      kind: 'auth',
      message: 'credentials rejected (HTTP 401)',
    });
  });

  it('asks ScaleEngine one week after another and Pili once for the whole range', async () => {
    const spy = fetchers();
    await runDailyReport(request, { sources: SOURCES, fetchers: spy, now: () => NOW });
    expect(spy.calls.filter((call) => call.startsWith('se'))).toEqual([
      'se 3 2026-11-01 00:00:00',
      'se 3 2026-11-08 00:00:00',
    ]);
    expect(spy.calls.filter((call) => call.startsWith('qiniu'))).toEqual([
      `qiniu ${Date.parse('2026-11-01T00:00:00Z') / 1000} ${Date.parse('2026-11-11T00:00:00Z') / 1000 - 1}`,
    ]);
  });

  it('asks Pili only up to today, and not at all for a range still to come', async () => {
    const spy = fetchers();
    await runDailyReport(
      { source: 'pili', from: '2026-11-19', to: '2026-11-30' },
      { sources: SOURCES, fetchers: spy, now: () => NOW },
    );
    await runDailyReport(
      { source: 'pili', from: '2026-11-21', to: '2026-11-30' },
      { sources: SOURCES, fetchers: spy, now: () => NOW },
    );
    expect(spy.calls).toEqual([
      `qiniu ${Date.parse('2026-11-19T00:00:00Z') / 1000} ${Date.parse('2026-11-21T00:00:00Z') / 1000 - 1}`,
    ]);
  });

  it('passes a server filter to WMSPanel sources only', async () => {
    const spy = fetchers();
    await runDailyReport(
      { ...request, server: 'edge-2' },
      { sources: SOURCES, fetchers: spy, now: () => NOW },
    );
    expect(spy.calls.filter((call) => call.startsWith('wms'))).toEqual(['wms 2026-11-01 2026-11-10 edge-2']);
  });

  it.each([
    [{ ...request, source: 'nope' }, 'no source "nope" (configured: wms, pili, se)'],
    [{ ...request, from: '2026-11-11' }, 'from (2026-11-11) is after to (2026-11-10)'],
    [{ ...request, from: '2025-01-01' }, 'is 679 days: ask for at most 366 days at a time'],
    [{ ...request, source: 'pili', server: 'edge-2' }, 'none of the chosen sources is a WMSPanel source'],
  ])('refuses %j before calling any provider: %s', async (bad, message) => {
    const spy = fetchers();
    const error = await runDailyReport(bad, { sources: SOURCES, fetchers: spy, now: () => NOW }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('config');
    expect((error as ProviderError).message).toContain(message);
    expect(spy.calls).toEqual([]);
  });
});
