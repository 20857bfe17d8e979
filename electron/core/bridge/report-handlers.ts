import type { BridgeHandlers } from '../../../shared/bridge.ts';
import type { SourceConfig } from '../../../shared/config.ts';
import type { ReportFetchers } from '../reports/report-fetchers.ts';
import { runDailyReport } from '../reports/run-daily-report.ts';

// The Bridge's daily report: the same computation `streamtray report daily` runs, over the core's
// clients (so every provider call is counted against its source).

export interface ReportHandlerContext {
  sources(): readonly SourceConfig[];
  fetchers: ReportFetchers;
  now(): number;
}

export function createReportHandlers(ctx: ReportHandlerContext): Pick<BridgeHandlers, 'dailyReport'> {
  return {
    dailyReport: (request) =>
      runDailyReport(request, { sources: ctx.sources(), fetchers: ctx.fetchers, now: () => ctx.now() }),
  };
}
