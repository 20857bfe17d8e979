import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertCandidate, AlertLog, AppendResult } from '../store/alert-log.ts';
import { capConnections, defaultMaxPerAddress, type ConnectionCounter } from './connection-caps.ts';
import { StorageError } from '../store/storage-error.ts';
import { parseWebhookBody } from './parse-webhook-body.ts';
import { createWebhookChecks, DEFAULT_FRESHNESS_SECONDS } from './verify-digest.ts';

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_HEADER_BYTES = 8 * 1024;
/** Past this a too-large body is cut off instead of drained to let the client read its 413. */
const MAX_DRAIN_BYTES = 1024 * 1024;
const ACCEPTED_TYPES = new Set(['', 'application/json', 'text/plain']);
const ROUTE = /^\/webhooks\/([A-Za-z0-9][A-Za-z0-9._-]{0,63})\/?(?:\?.*)?$/;

/** One answer other than 204, for the operator's log. Never carries the token or the body. */
export interface WebhookLogEntry {
  status: number;
  sourceId: string | null;
  message: string;
}

export interface WebhookListenerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * The webhook token of a source. `null`: no such source. `undefined`: the source exists but has no
   * token. Both answer 404: an unauthenticated caller must not learn which source ids exist, and
   * without a token nothing could be verified anyway (the log entry tells the operator which case).
   */
  tokens: (sourceId: string) => string | null | undefined;
  alertLog: Pick<AlertLog, 'append'>;
  now?: () => number;
  freshnessSeconds?: number;
  maxConnections?: number;
  /** Connections one client address may hold (default: a quarter of maxConnections, at least 8). */
  maxConnectionsPerAddress?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  log?: (entry: WebhookLogEntry) => void;
  /** Hears every answer sent (status; whether a 204 was for an event stored before) and its latency. */
  onAnswered?: (answer: { status: number; duplicate: boolean }, seconds: number) => void;
}

export interface WebhookListener {
  /** `http://host:port`, no trailing slash. */
  readonly origin: string;
  readonly port: number;
  /** Open connections per client address and how many were shed to keep the caps (for metrics). */
  readonly connections: ConnectionCounter;
  close(): Promise<void>;
}

interface Committed {
  result: AppendResult;
  res: ServerResponse;
}

function answer(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ error: message });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** Calls `onAnswered` once the answer has been handed to the network, with the seconds since arrival. */
function observeAnswer(
  res: ServerResponse,
  duplicates: WeakSet<ServerResponse>,
  onAnswered: NonNullable<WebhookListenerOptions['onAnswered']>,
): void {
  const arrived = process.hrtime.bigint();
  res.once('finish', () => {
    onAnswered(
      { status: res.statusCode, duplicate: duplicates.has(res) },
      Number(process.hrtime.bigint() - arrived) / 1e9,
    );
  });
}

/**
 * How long WMSPanel should wait before retrying an event that could not be stored: a full disk or a
 * failing write may clear in moments, a read-only or damaged file needs the operator first.
 */
export function retryAfterSeconds(error: unknown): number {
  if (!(error instanceof StorageError)) return 5;
  return error.problem === 'full' || error.problem === 'io' ? 10 : 60;
}

/** The 503's words for the sender: the kind of fault, never the file's path (the log has that). */
function unstoredMessage(error: unknown): string {
  if (!(error instanceof StorageError)) return 'the event could not be stored; retry later';
  const why = {
    full: 'storage is full',
    'read-only': 'storage is read-only',
    io: 'storage I/O failed',
    corrupt: 'storage is damaged',
  };
  return `the event could not be stored (${why[error.problem]}); retry later`;
}

/** Serves `POST /webhooks/<sourceId>` for WMSPanel's stream and server notifications, and nothing else. */
export async function startWebhookListener(options: WebhookListenerOptions): Promise<WebhookListener> {
  const now = options.now ?? Date.now;
  const freshness = options.freshnessSeconds ?? DEFAULT_FRESHNESS_SECONDS;
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? 20_000, headersTimeout);
  const log = options.log ?? (() => {});
  const checks = createWebhookChecks();

  function reject(
    res: ServerResponse,
    sourceId: string | null,
    status: number,
    message: string,
    headers?: Record<string, string>,
  ): void {
    log({ status, sourceId, message });
    answer(res, status, message, headers);
  }

  /** Answers to repeated deliveries, told apart for `onAnswered`. */
  const duplicates = new WeakSet<ServerResponse>();

  // Commits of one batch resolve together; their answers go out together.
  let committed: Committed[] = [];
  function deliver(): void {
    const batch = committed;
    committed = [];
    for (const { res, result } of batch) {
      if (result.duplicate) duplicates.add(res);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(204);
        res.end();
      }
    }
  }

  function accept(sourceId: string, token: string, body: Buffer, res: ServerResponse): void {
    const parsed = parseWebhookBody(body);
    if (!parsed.ok) {
      reject(res, sourceId, 400, `invalid body: ${parsed.problems.join('; ')}`);
      return;
    }
    const event = parsed.body;
    const occurredAt = checks.parseTime(event.time);
    if (occurredAt === null) {
      reject(res, sourceId, 400, 'invalid body: time: not a real calendar date and time');
      return;
    }
    if (!checks.verify(event.time, event.digest, token)) {
      reject(
        res,
        sourceId,
        401,
        `digest does not match: check the webhook token stored for source "${sourceId}"`,
      );
      return;
    }
    const receivedAt = now();
    const skewSeconds = Math.round((occurredAt - receivedAt) / 1000);
    if (Math.abs(occurredAt - receivedAt) > freshness * 1000) {
      const when = skewSeconds < 0 ? `${-skewSeconds} s in the past` : `${skewSeconds} s in the future`;
      reject(
        res,
        sourceId,
        403,
        `time is ${when}, outside the ±${freshness} s window: a replay, or a clock is wrong`,
      );
      return;
    }
    const candidate: AlertCandidate = {
      sourceId,
      subject:
        event.kind === 'stream'
          ? { kind: 'stream', name: event.stream }
          : { kind: 'server', name: event.server },
      status: event.status,
      occurredAt,
      receivedAt,
      origin: 'webhook',
      checkpoints: event.kind === 'stream' ? event.checkpoints : [],
      delivery: { time: event.time, digest: event.digest.toLowerCase() },
    };
    options.alertLog.append([candidate]).then(
      (results) => {
        const result = results[0];
        if (!result) {
          reject(res, sourceId, 503, 'the alert log stored nothing; retry later', { 'retry-after': '5' });
          return;
        }
        if (committed.length === 0) queueMicrotask(deliver);
        committed.push({ result, res });
      },
      (error: unknown) => {
        // Never a 204 for an event that is not stored: WMSPanel retries a 503, and the next try is
        // stored as soon as the disk takes writes again (no restart).
        log({
          status: 503,
          sourceId,
          message: `alert log write failed: ${error instanceof Error ? error.message : String(error)}`,
        });
        answer(res, 503, unstoredMessage(error), { 'retry-after': String(retryAfterSeconds(error)) });
      },
    );
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const route = ROUTE.exec(req.url ?? '');
    const sourceId = route?.[1];
    if (sourceId === undefined) {
      reject(res, null, 404, 'not found: this listener serves only POST /webhooks/<sourceId>');
      return;
    }
    if (req.method !== 'POST') {
      reject(res, sourceId, 405, `method ${req.method ?? '?'} not allowed: use POST`, { allow: 'POST' });
      return;
    }
    if (req.headers.origin !== undefined) {
      reject(res, sourceId, 403, 'requests carrying an Origin header (from a browser) are refused');
      return;
    }
    const token = options.tokens(sourceId);
    if (token === null || token === undefined || token === '') {
      log({
        status: 404,
        sourceId,
        message: token === null ? 'unknown source' : 'source has no webhook token set',
      });
      answer(res, 404, `unknown source "${sourceId}"`);
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!ACCEPTED_TYPES.has(type)) {
      reject(
        res,
        sourceId,
        415,
        `content type "${type}" not accepted: send application/json, text/plain or none`,
      );
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_DRAIN_BYTES) {
      reject(res, sourceId, 413, `body over ${MAX_BODY_BYTES} bytes`, { connection: 'close' });
      return;
    }

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) {
        reject(res, sourceId, 413, `body over ${MAX_BODY_BYTES} bytes`, { connection: 'close' });
        req.destroy();
      }
    });
    req.on('end', () => {
      // A too-large body is read to its end (up to MAX_DRAIN_BYTES) so the sender gets the 413 instead
      // of a reset connection.
      if (size > MAX_BODY_BYTES)
        reject(res, sourceId, 413, `body over ${MAX_BODY_BYTES} bytes`, { connection: 'close' });
      else accept(sourceId, token, Buffer.concat(chunks), res);
    });
    req.on('error', () => {
      // The client went away mid-body: there is nobody to answer.
    });
  }

  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout,
      requestTimeout,
      // Node checks the two timeouts on this interval (30 s by default): short, so 408s come on time.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      if (options.onAnswered) observeAnswer(res, duplicates, options.onAnswered);
      try {
        handle(req, res);
      } catch (error) {
        log({
          status: 500,
          sourceId: null,
          message: `listener fault: ${error instanceof Error ? error.message : String(error)}`,
        });
        answer(res, 500, 'internal error');
      }
    },
  );
  const maxConnections = options.maxConnections ?? 256;
  const connections = capConnections(server, {
    maxConnections,
    maxPerAddress: options.maxConnectionsPerAddress ?? defaultMaxPerAddress(maxConnections),
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    origin: `http://${host}:${address.port}`,
    port: address.port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
