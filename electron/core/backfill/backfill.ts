import type { Provider } from '../providers/provider.ts';
import { QiniuClient } from '../providers/qiniu/qiniu-client.ts';
import { ScaleEngineClient, type ViewerLogRow } from '../providers/scaleengine/scaleengine-client.ts';
import { formatScaleEngineTime } from '../providers/scaleengine/scaleengine-schemas.ts';
import type { HistoryPoint, HistoryStore } from '../store/history/history-store.ts';

// After a first start or a gap (laptop asleep, app closed), charts would show a hole or nothing. The
// providers that keep their own history fill it: Qiniu's hub total in 5-minute buckets, ScaleEngine's
// viewer.log per stream by minute, hour or day. WMSPanel has no live history to ask for.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const QINIU_BUCKET_MS = 5 * MINUTE_MS;

export type BackfillSource =
  | { kind: 'qiniu'; client: Pick<QiniuClient, 'history'> }
  | { kind: 'scaleengine'; client: Pick<ScaleEngineClient, 'viewerLog' | 'streamName'> };

export interface BackfillOptions {
  sourceId: string;
  source: BackfillSource;
  history: Pick<HistoryStore, 'backfill' | 'latestAt'>;
  /** How far back the chart looks, e.g. 24 h. */
  windowMs: number;
  /** UTC epoch ms. */
  now: number;
  /** The source's poll interval (default 30 s). */
  pollIntervalMs?: number;
  /** A gap longer than this many poll intervals is filled (default 4). */
  gapPolls?: number;
  /**
   * The newest stored time before the poll that triggered this backfill (default: what the store says
   * now, which the poll's own record may already have moved to the present).
   */
  latestAt?: number | null;
  /** How many streams the source has (from its newest reading), to size what is asked for. */
  streams?: number;
}

export interface BackfillResult {
  filled: boolean;
  points: number;
  resolutionMs: number | null;
}

/**
 * Rows one backfill may ask ScaleEngine for. Every row is parsed and validated at once, and a 6-hour
 * minute log of a few hundred streams is tens of MB of JSON and ~100 MB of heap that V8 keeps long
 * afterwards; a coarser log of the same window is a few hundred KB and still fills the chart.
 */
export const SCALEENGINE_ROW_BUDGET = 20_000;

const DAILY_GRAPH = { graph: 4, spanMs: 30 * DAY_MS, resolutionMs: DAY_MS } as const;
const SCALEENGINE_GRAPHS = [
  { graph: 1, spanMs: 6 * HOUR_MS, resolutionMs: MINUTE_MS },
  { graph: 2, spanMs: DAY_MS, resolutionMs: MINUTE_MS },
  { graph: 3, spanMs: 7 * DAY_MS, resolutionMs: HOUR_MS },
  DAILY_GRAPH,
] as const;

/**
 * The finest ScaleEngine graph whose span covers the window and whose rows (streams × buckets) fit the
 * budget, with its row width.
 */
export function scaleEngineGraph(
  spanMs: number,
  streams = 1,
): { graph: 1 | 2 | 3 | 4; resolutionMs: number } {
  const fits = SCALEENGINE_GRAPHS.find(
    (g) =>
      spanMs <= g.spanMs &&
      Math.max(1, streams) * Math.ceil(spanMs / g.resolutionMs) <= SCALEENGINE_ROW_BUDGET,
  );
  const choice = fits ?? DAILY_GRAPH;
  return { graph: choice.graph, resolutionMs: choice.resolutionMs };
}

/** Rows to points, streams named as `poll()` names them, plus the totals per time. */
export function viewerLogPoints(
  rows: readonly ViewerLogRow[],
  streamName: (row: ViewerLogRow) => string,
): HistoryPoint[] {
  const perStream = new Map<string, HistoryPoint>();
  const totals = new Map<number, number>();
  for (const row of rows) {
    const stream = streamName(row);
    const viewers = Math.round(row.viewer_count_avg);
    const key = `${row.timeMs}\u0000${stream}`;
    const seen = perStream.get(key);
    perStream.set(key, {
      t: row.timeMs,
      stream,
      viewers: (seen?.viewers ?? 0) + viewers,
      bandwidthBps: null,
    });
    totals.set(row.timeMs, (totals.get(row.timeMs) ?? 0) + viewers);
  }
  const total = [...totals].map(([t, viewers]): HistoryPoint => ({
    t,
    stream: null,
    viewers,
    bandwidthBps: null,
  }));
  return [...total, ...perStream.values()];
}

/** Fills the chart window from the provider's history when the store has a gap or nothing. */
export async function backfillSource(options: BackfillOptions): Promise<BackfillResult> {
  const { history, sourceId, now } = options;
  const latest = options.latestAt === undefined ? history.latestAt(sourceId) : options.latestAt;
  const allowedGap = (options.gapPolls ?? 4) * (options.pollIntervalMs ?? 30_000);
  if (latest !== null && now - latest <= allowedGap) return { filled: false, points: 0, resolutionMs: null };
  const from = Math.max(now - options.windowMs, latest ?? Number.NEGATIVE_INFINITY);
  let points: HistoryPoint[];
  let resolutionMs: number;
  if (options.source.kind === 'qiniu') {
    resolutionMs = QINIU_BUCKET_MS;
    const buckets = await options.source.client.history({
      start: Math.floor(from / 1000),
      end: Math.floor(now / 1000),
    });
    points = buckets.map((b) => ({
      t: b.time * 1000,
      stream: null,
      viewers: b.count,
      bandwidthBps: b.bandwidth,
    }));
  } else {
    const choice = scaleEngineGraph(now - from, options.streams ?? 1);
    resolutionMs = choice.resolutionMs;
    const rows = await options.source.client.viewerLog({
      graph: choice.graph,
      starttime: formatScaleEngineTime(from),
    });
    const client = options.source.client;
    points = viewerLogPoints(rows, (row) => client.streamName(row));
  }
  await history.backfill(sourceId, resolutionMs, points);
  return { filled: points.length > 0, points: points.length, resolutionMs };
}

/** Backfill for any provider that has its own history (Qiniu, ScaleEngine); others are left alone. */
export async function backfillProvider(
  provider: Provider,
  options: Omit<BackfillOptions, 'source' | 'sourceId'>,
): Promise<BackfillResult | null> {
  const source: BackfillSource | null =
    provider instanceof QiniuClient
      ? { kind: 'qiniu', client: provider }
      : provider instanceof ScaleEngineClient
        ? { kind: 'scaleengine', client: provider }
        : null;
  return source ? backfillSource({ ...options, source, sourceId: provider.sourceId }) : null;
}
