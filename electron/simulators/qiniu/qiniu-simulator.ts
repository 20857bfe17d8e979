import { streamNames } from '../common/audience.ts';
import {
  startSimServer,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  type SimServer,
} from '../common/sim-server.ts';
import { verifyQiniuToken } from './qiniu-auth.ts';
import {
  alignDown,
  alignUp,
  BUCKET_SECONDS,
  hubBucket,
  liveAt,
  streamBuckets,
  type HubModel,
  type PiliLive,
  type PiliStat,
} from './qiniu-data.ts';

export interface QiniuSimulatorOptions {
  accessKey: string;
  secretKey: string;
  hub: string;
  /** How many streams the hub has (default 50); about 85% are on air in any hour. */
  streams?: number;
  /** Makes the audience reproducible; defaults to the hub name. */
  seed?: string;
  /** UTC epoch milliseconds (default Date.now). */
  now?: () => number;
  host?: string;
  port?: number;
}

export interface QiniuSimulator extends SimServer {
  readonly hub: string;
  /** What /stat/play answers at that time. */
  liveAt(atMs: number): PiliLive;
}

const DEFAULT_STREAMS = 50;
const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 1000;
const HUB_PATH = /^\/v2\/hubs\/([^/]*)\/(.+)$/;
const UNSIGNED_INT = /^\d{1,12}$/;

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid args',
  401: 'bad token',
  404: 'not found',
  405: 'method not allowed',
  429: 'too many requests',
  612: 'no such hub',
  619: 'no data',
};

function errorBody(status: number): { error: string } {
  return { error: ERROR_TEXT[status] ?? (status >= 500 ? 'internal server error' : `error ${status}`) };
}

function fail(status: number): SimResponse {
  return { status, json: errorBody(status) };
}

/** Pili's plausible incompatible change: counts served as strings. */
function drift(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(drift);
  if (json === null || typeof json !== 'object') return json;
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [
      key,
      key === 'count' && typeof value === 'number' ? String(value) : drift(value),
    ]),
  );
}

// Markers are opaque to clients; this one is the next bucket in standard base64, whose "=" padding makes
// every client percent-encode it and sign the encoded bytes.
function encodeMarker(bucket: number): string {
  return Buffer.from(String(bucket), 'utf8').toString('base64');
}

function decodeMarker(marker: string): number | undefined {
  const text = Buffer.from(marker, 'base64').toString('utf8');
  if (!UNSIGNED_INT.test(text) || encodeMarker(Number(text)) !== marker) return undefined;
  const bucket = Number(text);
  return bucket % BUCKET_SECONDS === 0 ? bucket : undefined;
}

/** An optional non-negative integer query parameter: the default when absent, `undefined` when malformed. */
function intParam(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  return UNSIGNED_INT.test(value) ? Number(value) : undefined;
}

/** Bucket figures already worked out: a bucket never changes once written, and reports ask for months. */
const BUCKET_MEMORY = 60_000;
function rememberedBucket(model: HubModel, memory: Map<number, PiliStat>, time: number): PiliStat {
  let stat = memory.get(time);
  if (stat === undefined) {
    if (memory.size >= BUCKET_MEMORY) memory.clear();
    stat = hubBucket(model, time);
    memory.set(time, stat);
  }
  return stat;
}

function history(
  model: HubModel,
  memory: Map<number, PiliStat>,
  query: URLSearchParams,
  nowSeconds: number,
): SimResponse {
  const end = intParam(query, 'end', nowSeconds);
  const start = intParam(query, 'start', nowSeconds - 3600);
  const limit = intParam(query, 'limit', DEFAULT_LIMIT);
  if (start === undefined || end === undefined || limit === undefined || limit < 1 || limit > MAX_LIMIT) {
    return fail(400);
  }
  const marker = query.get('marker') ?? '';
  const resumeAt = marker === '' ? undefined : decodeMarker(marker);
  if (marker !== '' && resumeAt === undefined) return fail(400);
  // A bucket is written once its five minutes are over.
  const last = Math.min(alignDown(end), alignDown(nowSeconds) - BUCKET_SECONDS);
  const first = resumeAt ?? alignUp(start);
  const items: { time: number; stats: { count: number; bandwidth: number } }[] = [];
  let time = first;
  for (; time <= last && items.length < limit; time += BUCKET_SECONDS) {
    items.push({ time, stats: rememberedBucket(model, memory, time) });
  }
  if (items.length === 0 && resumeAt === undefined) return fail(619);
  return { status: 200, json: { items, marker: time <= last ? encodeMarker(time) : '' } };
}

function detail(model: HubModel, query: URLSearchParams, nowSeconds: number): SimResponse {
  const raw = query.get('time') ?? '';
  if (!UNSIGNED_INT.test(raw)) return fail(400);
  const bucket = alignDown(Number(raw));
  if (bucket + BUCKET_SECONDS > nowSeconds) return fail(619);
  const rows = streamBuckets(model, bucket);
  if (rows.length === 0) return fail(619);
  return {
    status: 200,
    json: { items: rows.map((row) => ({ time: bucket, key: row.key, stats: row.stats })) },
  };
}

function decodeHub(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * A local Pili play-statistics API for one hub: `/v2/hubs/<hub>/stat/play`, `…/history` and
 * `…/history/detail`, checking every request's Qiniu token with its own verifier.
 */
export async function startQiniuSimulator(options: QiniuSimulatorOptions): Promise<QiniuSimulator> {
  const now = options.now ?? Date.now;
  const model: HubModel = {
    seed: options.seed ?? options.hub,
    streams: streamNames('s', options.streams ?? DEFAULT_STREAMS),
  };
  const buckets = new Map<number, PiliStat>();

  const handler: SimHandler = {
    handle(request: SimRequest): SimResponse {
      const match = HUB_PATH.exec(request.rawPath);
      if (!match) return fail(404);
      if (request.forceAuthFailure || !verifyQiniuToken(request, options.accessKey, options.secretKey)) {
        return fail(401);
      }
      if (decodeHub(match[1] ?? '') !== options.hub) return fail(612);
      if (request.method !== 'GET') return fail(405);
      const nowMs = now();
      const nowSeconds = Math.floor(nowMs / 1000);
      switch (match[2]) {
        case 'stat/play':
          return { status: 200, json: liveAt(model, nowMs) };
        case 'stat/play/history':
          return history(model, buckets, request.query, nowSeconds);
        case 'stat/play/history/detail':
          return detail(model, request.query, nowSeconds);
        default:
          return fail(404);
      }
    },
    errorBody,
    drift,
  };

  const server = await startSimServer(handler, { host: options.host, port: options.port });
  return {
    origin: server.origin,
    faults: server.faults,
    served: server.served,
    close: () => server.close(),
    hub: options.hub,
    liveAt: (atMs: number) => liveAt(model, atMs),
  };
}
