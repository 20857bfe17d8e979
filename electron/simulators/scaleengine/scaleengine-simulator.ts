import { createHmac, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  startSimServer,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  type SimServer,
} from '../common/sim-server.ts';
import { phpJsonDecode, phpJsonEncodeValue, PhpJsonError, toPlain, type PhpValue } from './php-json.ts';
import { DEFAULT_APPS, urlMatcher, viewerLogRecords, type Graph, type SimApp } from './viewer-log-data.ts';

export interface ScaleEngineSimulatorOptions {
  apiKey: string;
  secretKey: string;
  cdnId: number;
  apps?: { name: string; id: number; streams: string[] }[];
  seed?: string;
  /** UTC epoch ms; the simulator's clock, against which request timestamps are checked. */
  now?: () => number;
  clockSkewToleranceSeconds?: number;
  host?: string;
  port?: number;
}

export interface ScaleEngineSimulator extends SimServer {
  readonly apps: readonly SimApp[];
  /** The next `times` API calls answer code 1000 (servers busy). */
  busyNext(times?: number): void;
}

/** Where the API lives on the simulator: a client's baseUrl is `${origin}${SCALEENGINE_SIM_PATH}`. */
export const SCALEENGINE_SIM_PATH = '/stable/';

const REQUIRED = ['command', 'api_key', 'timestamp', 'cdn', 'app', 'graph', 'signature'] as const;
const SE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Failures come back as HTTP 200 with a status, a message and a four-digit code, as ScaleEngine does. */
function failure(code: string, message: string): SimResponse {
  return { status: 200, json: { status: 'failure', message, code } };
}

class Refusal extends Error {
  readonly response: SimResponse;
  constructor(code: string, message: string) {
    super(message);
    this.response = failure(code, message);
  }
}

/** The `json` form field, from a urlencoded or multipart body (PHP fills $_POST from either). */
async function jsonField(request: SimRequest): Promise<string | undefined> {
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return new URLSearchParams(request.body.toString('utf8')).get('json') ?? undefined;
  }
  if (type.startsWith('multipart/form-data')) {
    try {
      const form = await new Response(request.body, { headers: { 'content-type': type } }).formData();
      const value = form.get('json');
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function asInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Parses `YYYY-MM-DD HH:MM:SS` as UTC; undefined if it is not such a time. */
function parseStartTime(text: string): number | undefined {
  const m = SE_TIME.exec(text);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== iso.slice(0, 19) ? undefined : ms;
}

export async function startScaleEngineSimulator(
  options: ScaleEngineSimulatorOptions,
): Promise<ScaleEngineSimulator> {
  const apps: readonly SimApp[] = (options.apps ?? DEFAULT_APPS).map((app) => ({
    ...app,
    streams: [...app.streams],
  }));
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 'scaleengine';
  const tolerance = options.clockSkewToleranceSeconds ?? 300;
  let busy = 0;

  /** Verifies as a PHP server re-encoding the request would: decode, drop `signature`, encode, HMAC. */
  function signatureValid(decoded: Extract<PhpValue, { type: 'object' }>, given: unknown): boolean {
    if (typeof given !== 'string') return false;
    const unsigned: PhpValue = {
      type: 'object',
      members: decoded.members.filter(([key]) => key !== 'signature'),
    };
    const expected = createHmac('sha256', options.secretKey)
      .update(phpJsonEncodeValue(unsigned), 'utf8')
      .digest();
    const received = Buffer.from(given, 'base64');
    // Buffer.from ignores junk in base64; insist the text is exactly the canonical encoding.
    if (received.toString('base64') !== given || received.length !== expected.length) return false;
    return timingSafeEqual(received, expected);
  }

  function resolveApps(value: unknown): SimApp[] {
    const wanted = Array.isArray(value) ? (value as unknown[]) : [value];
    if (wanted.length === 0) throw new Refusal('0006', 'Required field missing: app');
    return wanted.map((item) => {
      const id = asInteger(item);
      const app = apps.find((a) => a.name === item || (id !== undefined && a.id === id));
      if (!app) {
        const label = typeof item === 'string' || typeof item === 'number' ? String(item) : typeof item;
        throw new Refusal('0005', `Unauthorized: application ${label} is not part of CDN ${options.cdnId}`);
      }
      return app;
    });
  }

  function viewerLog(fields: Record<string, unknown>): SimResponse {
    const started = performance.now();
    const graph = asInteger(fields['graph']);
    if (graph === undefined || graph < 1 || graph > 4)
      throw new Refusal('0004', 'Invalid graph: expected 1, 2, 3 or 4');
    const selected = resolveApps(fields['app']);
    const url = fields['url'];
    let patterns: string[] | undefined;
    if (url !== undefined && url !== null) {
      const list = Array.isArray(url) ? (url as unknown[]) : [url];
      if (!list.every((item): item is string => typeof item === 'string')) {
        throw new Refusal('0004', 'Invalid url: expected a string or an array of strings');
      }
      patterns = list;
    }
    let startMs: number | undefined;
    const starttime = fields['starttime'];
    if (starttime !== undefined && starttime !== null) {
      startMs = typeof starttime === 'string' ? parseStartTime(starttime) : undefined;
      if (startMs === undefined) throw new Refusal('0004', 'Invalid starttime: expected YYYY-MM-DD HH:MM:SS');
    }
    const data = viewerLogRecords({
      apps: selected,
      matchUrl: patterns && urlMatcher(patterns),
      graph: graph as Graph,
      startMs,
      now: now(),
      seed,
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      status: 200,
      json: {
        message: data.length > 0 ? 'Found viewers' : 'No viewers found',
        status: 'success',
        data,
        handle_time: `${seconds.toFixed(4)} seconds`,
      },
    };
  }

  async function handle(request: SimRequest): Promise<SimResponse> {
    if (request.rawPath !== SCALEENGINE_SIM_PATH) return { status: 404, json: { error: 'not found' } };
    if (request.method !== 'POST')
      return { status: 405, json: { error: 'use POST' }, headers: { allow: 'POST' } };
    if (busy > 0) {
      busy -= 1;
      return failure('1000', 'Servers are busy, please try again later');
    }
    const text = await jsonField(request);
    if (text === undefined) return failure('0006', 'Required field missing: json');
    let decoded: PhpValue;
    try {
      decoded = phpJsonDecode(text);
    } catch (error) {
      const why = error instanceof PhpJsonError ? error.message : 'invalid';
      return failure('0004', `Could not decode the request JSON: ${why}`);
    }
    if (decoded.type !== 'object') return failure('0004', 'The request JSON must be an object');
    const fields = toPlain(decoded) as Record<string, unknown>;

    const missing = REQUIRED.filter(
      (key) => fields[key] === undefined || fields[key] === null || fields[key] === '',
    );
    if (missing.length > 0) return failure('0006', `Required fields missing: ${missing.join(', ')}`);
    if (fields['command'] !== 'viewer.log') return failure('0000', 'Unknown command');
    if (
      request.forceAuthFailure ||
      fields['api_key'] !== options.apiKey ||
      asInteger(fields['cdn']) !== options.cdnId
    ) {
      return failure('0001', 'CDN authorization failed');
    }
    const timestamp = asInteger(fields['timestamp']);
    if (timestamp === undefined || Math.abs(timestamp - now() / 1000) > tolerance) {
      return failure('0002', 'Timestamp out of range');
    }
    if (!signatureValid(decoded, fields['signature'])) return failure('0003', 'Signature failed');
    try {
      return viewerLog(fields);
    } catch (error) {
      if (error instanceof Refusal) return error.response;
      throw error;
    }
  }

  const handler: SimHandler = {
    handle,
    errorBody: (status) => ({ status: 'failure', message: `HTTP ${status}` }),
    // A plausible change on the provider's side: rows grouped by app (a PHP associative array).
    drift: (json) => {
      const body = (json !== null && typeof json === 'object' ? json : {}) as Record<string, unknown>;
      const rows = Array.isArray(body['data']) ? (body['data'] as { app: string }[]) : [];
      const grouped: Record<string, unknown[]> = {};
      for (const row of rows) (grouped[row.app] ??= []).push(row);
      return { ...body, data: grouped };
    },
  };

  const server = await startSimServer(handler, { host: options.host, port: options.port });
  return {
    get origin() {
      return server.origin;
    },
    faults: server.faults,
    served: server.served,
    close: () => server.close(),
    apps,
    busyNext(times = 1) {
      busy += times;
    },
  };
}
