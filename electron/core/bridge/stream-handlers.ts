import type { z } from 'zod';
import type { AlertEvent, Incident } from '../../../shared/alerts.ts';
import type { BridgeHandlers, Series, Snapshot } from '../../../shared/bridge.ts';
import type { Config } from '../../../shared/config.ts';
import type { ProviderFill, streamDetailRequestSchema } from '../../../shared/stream-catalog.ts';
import type { IncidentStore } from '../alerts/incident-store.ts';
import { ProviderError } from '../errors.ts';
import type { Provider } from '../providers/provider.ts';
import { QiniuClient } from '../providers/qiniu/qiniu-client.ts';
import type { HistoryStore } from '../store/history/history-store.ts';
import { buildStreamCatalog } from '../streams/build-stream-catalog.ts';
import { DETAIL_LOOKBACK_MS, fillFromQiniuDetail, unpolledPeriods } from '../streams/qiniu-detail-fill.ts';

// The Streams view's two queries: the catalog of every known stream, and one stream's history with its
// incidents, topped up from the provider's own per-stream history where polling has gaps.

export interface StreamHandlerContext {
  snapshot(): Snapshot;
  config(): Config;
  history: Pick<HistoryStore, 'series' | 'backfill' | 'streamsSeen'> | null;
  /** Alert log, newest `limit` events, oldest first. */
  events(filter: { limit: number }): AlertEvent[];
  incidents: Pick<IncidentStore, 'list'>;
  /** The source's provider client, as the poller uses it. */
  provider(sourceId: string): Promise<Provider>;
  now(): number;
}

type StreamHandlers = Pick<BridgeHandlers, 'streamCatalog' | 'streamDetail'>;
type DetailRequest = z.output<typeof streamDetailRequestSchema>;

/** Alert events read for the catalog: enough for every stream of a busy account's recent weeks. */
const CATALOG_EVENTS = 5_000;
const FILL_CHECK_POINTS = 2_000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function emptySeries(request: DetailRequest): Series {
  return { sourceId: request.sourceId, stream: request.stream, resolutionMs: 1000, t: [], viewers: [], bandwidthBps: [] };
}

function incidentsOf(ctx: StreamHandlerContext, request: DetailRequest): Incident[] {
  return ctx.incidents
    .list({ sinceMs: request.fromMs })
    .filter(
      (incident) =>
        incident.sourceId === request.sourceId &&
        incident.subject.kind === 'stream' &&
        incident.subject.name === request.stream &&
        incident.openedAt <= request.toMs,
    )
    .reverse();
}

/** Which periods of the last day polling missed, asked of Qiniu once each (per core run). */
async function fillGaps(
  ctx: StreamHandlerContext,
  asked: Map<string, Set<number>>,
  request: DetailRequest,
): Promise<ProviderFill | null> {
  const history = ctx.history;
  const source = ctx.config().sources.find((one) => one.id === request.sourceId);
  if (history === null || source?.provider !== 'qiniu') return null;
  const provider = await ctx.provider(request.sourceId);
  if (!(provider instanceof QiniuClient)) return null;
  const now = ctx.now();
  const window = { fromMs: Math.max(request.fromMs, now - DETAIL_LOOKBACK_MS), toMs: Math.min(request.toMs, now) };
  if (window.fromMs >= window.toMs) return { filled: 0, remaining: 0, error: null };
  const check = { sourceId: request.sourceId, ...window, maxPoints: FILL_CHECK_POINTS };
  const [total] = history.series(check);
  const [stream] = history.series({ ...check, streams: [request.stream] });
  const periods = unpolledPeriods(stream ?? { t: [] }, total ?? { t: [] }, { ...window, nowMs: now });
  const seen = asked.get(request.sourceId) ?? new Set<number>();
  asked.set(request.sourceId, seen);
  return fillFromQiniuDetail({
    sourceId: request.sourceId,
    periods,
    asked: seen,
    detail: (time) => provider.detail(time),
    store: (sourceId, resolutionMs, points) => history.backfill(sourceId, resolutionMs, points),
  });
}

export function createStreamHandlers(ctx: StreamHandlerContext): StreamHandlers {
  const asked = new Map<string, Set<number>>();
  return {
    streamCatalog: ({ sinceMs }) => {
      const snapshot = ctx.snapshot();
      const seen = (ctx.history?.streamsSeen() ?? []).filter((one) => sinceMs === undefined || one.lastAt >= sinceMs);
      const streams = buildStreamCatalog({
        sources: ctx
          .config()
          .sources.map((source) => ({ id: source.id, name: source.name ?? source.id, provider: source.provider })),
        live: snapshot.sources,
        seen,
        events: ctx.events({ limit: CATALOG_EVENTS }),
        openIncidents: snapshot.openIncidents,
      });
      return { streams };
    },
    async streamDetail(request) {
      if (!ctx.config().sources.some((source) => source.id === request.sourceId)) {
        throw new ProviderError('config', `no source with id "${request.sourceId}"`);
      }
      if (request.fromMs >= request.toMs) {
        throw new ProviderError('config', 'the range must end after it starts (fromMs < toMs)');
      }
      // The chart still shows what polling stored when the provider cannot be asked.
      const providerFill = await fillGaps(ctx, asked, request).catch(
        (error: unknown): ProviderFill => ({ filled: 0, remaining: 0, error: describe(error) }),
      );
      const series =
        ctx.history?.series({ ...request, streams: [request.stream] })[0] ?? emptySeries(request);
      return { series, incidents: incidentsOf(ctx, request), providerFill };
    },
  };
}
