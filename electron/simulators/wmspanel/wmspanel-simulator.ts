import { createHash, timingSafeEqual } from 'node:crypto';
import {
  startSimServer,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  type SimServer,
} from '../common/sim-server.ts';
import { unitHash } from '../common/audience.ts';
import { simulatedAccount, simulatedDailyStats, type SimDailyRow } from './wmspanel-data.ts';

// A local WMSPanel pull API (https://api.wmspanel.com/v1): `data_slices` and `daily_stats`, with the
// provider's habits: 403 for every kind of refusal, failures as HTTP 200 with `"status": "Error"`, days
// without data missing and rows in no particular order.

export interface WmspanelSimulatorOptions {
  clientId: string;
  apiKey: string;
  seed?: string;
  now?: () => number;
  /** false: the account has not had the pull API enabled by WMSPanel (every call is refused). */
  apiEnabled?: boolean;
  /** The account's API whitelist; when given, calls from other IPs are refused. */
  whitelist?: readonly string[];
  /** Add the undocumented `wowza_viewers` counter older accounts send. */
  legacyViewerFields?: boolean;
  host?: string;
  port?: number;
}

export interface WmspanelSimulator extends SimServer {
  readonly dataSlices: readonly { id: string; name: string }[];
  readonly servers: readonly string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(text: string): boolean {
  return (
    DATE.test(text) &&
    !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
    new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)
  );
}

/** Compares secrets without leaking their length or content through timing. */
function sameSecret(given: string | null, expected: string): boolean {
  const a = createHash('sha256')
    .update(given ?? '')
    .digest();
  const b = createHash('sha256').update(expected).digest();
  return given !== null && timingSafeEqual(a, b);
}

function failure(message: string): SimResponse {
  return { status: 200, json: { status: 'Error', message } };
}

/** Deterministic Fisher-Yates keyed on the request, so a test sees the same disorder every time. */
function shuffled<T>(items: readonly T[], ...key: string[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(unitHash(...key, i) * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Viewers sent as a string, as a serializer change upstream could do: a client must refuse, not coerce. */
function drift(json: unknown): unknown {
  if (!json || typeof json !== 'object') return json;
  const body = json as Record<string, unknown>;
  if (Array.isArray(body['stats'])) {
    const stats = body['stats'] as SimDailyRow[];
    return { ...body, stats: stats.map((row) => ({ ...row, viewers: String(row.viewers) })) };
  }
  if (Array.isArray(body['data_slices'])) {
    const slices = body['data_slices'] as { id: string; name: string }[];
    return { ...body, data_slices: slices.map(({ id, name }) => ({ _id: id, name })) };
  }
  return json;
}

export async function startWmspanelSimulator(options: WmspanelSimulatorOptions): Promise<WmspanelSimulator> {
  const seed = options.seed ?? 'wmspanel';
  const now = options.now ?? Date.now;
  const account = simulatedAccount(seed);
  const whitelist = options.whitelist ? new Set(options.whitelist) : undefined;
  const cache = new Map<string, SimDailyRow>();

  function refused(request: SimRequest): boolean {
    const idOk = sameSecret(request.query.get('client_id'), options.clientId);
    const keyOk = sameSecret(request.query.get('api_key'), options.apiKey);
    const ipOk =
      whitelist === undefined ||
      (request.remoteAddress !== undefined && whitelist.has(request.remoteAddress));
    return request.forceAuthFailure || options.apiEnabled === false || !idOk || !keyOk || !ipOk;
  }

  function dailyStats(query: URLSearchParams): SimResponse {
    const from = query.get('from') ?? '';
    const to = query.get('to') ?? '';
    if (!isRealDate(from)) return failure("Invalid 'from' parameter, the format is YYYY-MM-DD");
    if (!isRealDate(to)) return failure("Invalid 'to' parameter, the format is YYYY-MM-DD");
    if (from > to) return failure("'from' date must not be later than 'to' date");
    const sliceId = query.get('data_slice');
    // User-specific keys may omit the slice: they see the one they are assigned to.
    const slice = sliceId === null ? account.slices[0] : account.slices.find((s) => s.id === sliceId);
    if (!slice) return failure('Data slice not found');
    const server = query.get('server') ?? undefined;
    if (server !== undefined && !account.servers.includes(server)) return failure('Server not found');
    const rows = simulatedDailyStats({
      seed,
      account,
      slice,
      server,
      from,
      to,
      nowMs: now(),
      legacy: options.legacyViewerFields,
      cache,
    });
    return {
      status: 200,
      json: { status: 'Ok', stats: shuffled(rows, seed, slice.id, server ?? '', from, to) },
    };
  }

  const handler: SimHandler = {
    handle(request) {
      const call = /^\/v1\/(data_slices|daily_stats)$/.exec(request.rawPath)?.[1];
      if (call === undefined) return { status: 404, json: { status: 'Error', message: 'Not found' } };
      if (request.method !== 'GET')
        return { status: 405, json: { status: 'Error', message: 'Method not allowed' } };
      if (refused(request)) return { status: 403, json: { status: 'Error', message: 'Forbidden' } };
      if (call === 'data_slices') {
        return {
          status: 200,
          json: { status: 'Ok', data_slices: account.slices.map(({ id, name }) => ({ id, name })) },
        };
      }
      return dailyStats(request.query);
    },
    errorBody(status) {
      return { status: 'Error', message: status === 429 ? 'Too many requests' : 'Internal server error' };
    },
    drift,
  };

  const server = await startSimServer(handler, {
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  return {
    origin: server.origin,
    faults: server.faults,
    served: server.served,
    close: () => server.close(),
    dataSlices: account.slices.map(({ id, name }) => ({ id, name })),
    servers: account.servers,
  };
}
