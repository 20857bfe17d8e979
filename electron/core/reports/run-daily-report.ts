import { datesBetween, utcDateOf } from '../../../shared/calendar-date.ts';
import type { SourceConfig } from '../../../shared/config.ts';
import {
  ALL_SOURCES,
  compareReportRows,
  type DailyReport,
  type DailyReportRequest,
  type DailyReportRow,
  type ReportSource,
} from '../../../shared/daily-report.ts';
import { ProviderError, toSourceError } from '../errors.ts';
import type { CallOptions } from '../providers/provider.ts';
import { qiniuHistorySpan, scaleEngineWindows } from './history-windows.ts';
import { qiniuDailyRows } from './qiniu-daily-rows.ts';
import type { ReportFetchers } from './report-fetchers.ts';
import { scaleEngineDailyRows } from './scaleengine-daily-rows.ts';

/** Longer ranges are refused: a year of Qiniu history is already about a hundred calls. */
export const MAX_REPORT_DAYS = 366;

export interface DailyReportDeps {
  sources: readonly SourceConfig[];
  fetchers: ReportFetchers;
  /** UTC epoch ms: which days are past, today or still to come. */
  now(): number;
  signal?: AbortSignal | undefined;
}

/**
 * The sources a request asks for, or a `config` error saying what is wrong with it: an unknown source,
 * a range backwards or too long, a server filter for sources that have none.
 */
export function selectReportSources(
  sources: readonly SourceConfig[],
  request: DailyReportRequest,
): SourceConfig[] {
  if (request.from > request.to)
    throw new ProviderError('config', `from (${request.from}) is after to (${request.to})`);
  const days = datesBetween(request.from, request.to).length;
  if (days > MAX_REPORT_DAYS) {
    throw new ProviderError(
      'config',
      `${request.from} to ${request.to} is ${days} days: ask for at most ${MAX_REPORT_DAYS} days at a time`,
    );
  }
  let chosen: SourceConfig[];
  if (request.source === ALL_SOURCES) {
    chosen = [...sources];
  } else {
    const found = sources.find((source) => source.id === request.source);
    if (found === undefined) {
      const known = sources.map((source) => source.id).join(', ') || 'none';
      throw new ProviderError('config', `no source "${request.source}" (configured: ${known})`);
    }
    chosen = [found];
  }
  if (request.server !== undefined && !chosen.some((source) => source.provider === 'wmspanel')) {
    throw new ProviderError(
      'config',
      'server filters WMSPanel daily stats, and none of the chosen sources is a WMSPanel source',
    );
  }
  return chosen.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** One source's rows for the range, from the provider's own daily stats or history. */
export async function sourceDailyRows(
  source: SourceConfig,
  request: DailyReportRequest,
  deps: Pick<DailyReportDeps, 'fetchers' | 'now' | 'signal'>,
): Promise<DailyReportRow[]> {
  const options: CallOptions = deps.signal === undefined ? {} : { signal: deps.signal };
  const { from, to } = request;
  switch (source.provider) {
    case 'wmspanel': {
      const rows = await deps.fetchers.wmspanelDaily(
        source,
        { from, to, ...(request.server === undefined ? {} : { server: request.server }) },
        options,
      );
      return rows.map(({ date, ...fields }) => ({ date, source: source.id, ...fields }));
    }
    case 'qiniu': {
      // Days after today have no buckets yet: not worth a call.
      const today = utcDateOf(deps.now());
      if (from > today) return [];
      const span = qiniuHistorySpan(from, to < today ? to : today);
      return qiniuDailyRows(source.id, await deps.fetchers.qiniuHistory(source, span, options), from, to);
    }
    case 'scaleengine': {
      const rows = [];
      // One window after another: ScaleEngine answers "servers busy" to bursts.
      for (const window of scaleEngineWindows(from, to, deps.now())) {
        rows.push(...(await deps.fetchers.scaleEngineViewerLog(source, window, options)));
      }
      return scaleEngineDailyRows(source.id, rows, from, to);
    }
  }
}

/**
 * The daily report: every chosen source fetched at once, their rows in one list sorted by date then
 * source id. A failing source does not sink the others: its error is in `sources`, its rows absent.
 * Throws a `config` ProviderError only for a request that cannot be run at all.
 */
export async function runDailyReport(
  request: DailyReportRequest,
  deps: DailyReportDeps,
): Promise<DailyReport> {
  const chosen = selectReportSources(deps.sources, request);
  const outcomes = await Promise.all(
    chosen.map(async (source) => {
      const about = { id: source.id, name: source.name ?? source.id, provider: source.provider };
      try {
        return { rows: await sourceDailyRows(source, request, deps), source: { ...about, error: null } };
      } catch (error) {
        if (deps.signal?.aborted) throw error;
        const report: ReportSource = { ...about, error: toSourceError(error) };
        return { rows: [], source: report };
      }
    }),
  );
  return {
    rows: outcomes.flatMap((outcome) => outcome.rows).sort(compareReportRows),
    sources: outcomes.map((outcome) => outcome.source),
  };
}
