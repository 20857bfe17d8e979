import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DashboardConfigError } from './dashboard-errors.ts';
import { loadTlsFiles, type TlsFiles } from './tls-files.ts';
import {
  isBridgeMethod,
  snapshotSchema,
  type BridgeEventListener,
  type BridgeHandlers,
} from '../../../shared/bridge.ts';
import { invokeBridge } from '../bridge/invoke-bridge.ts';
import { prometheusContentType } from 'prom-client';
import { isAllowedHost, isLoopbackHost, isSameOrigin, presentedToken, tokensMatch } from './request-guard.ts';
import { sendError, sendText } from './responses.ts';
import { createSseHub, DEFAULT_HEARTBEAT_MS, formatSseEvent, type SseHubOptions } from './sse-hub.ts';
import { createStaticFiles } from './static-files.ts';

// The dashboard listener of `streamtray serve` (docs/dashboard-security.md): the built renderer, the Bridge API
// under /api/<method>, server-sent events under /api/events, and /metrics for Prometheus. It is generic
// over the Bridge contract: adding a method to shared/bridge.ts serves it here without a change.

export const MAX_API_BODY_BYTES = 1024 * 1024;
/** Past this a too-large body is cut off instead of drained to let the client read its 413. */
const MAX_DRAIN_BYTES = 8 * 1024 * 1024;
const API_PREFIX = '/api/';

export interface DashboardServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (dist/renderer); null serves a page saying to run `npm run build`. */
  staticDir: string | null;
  handlers: BridgeHandlers;
  /** Events to fan out over SSE; returns the unsubscribe function. */
  subscribe: (listener: BridgeEventListener) => () => void;
  /** Prometheus text, produced by the runtime (see electron/core/metrics/core-metrics.ts). */
  metrics: () => string | Promise<string>;
  /** Defaults to the Prometheus text format 0.0.4. */
  metricsContentType?: string;
  /** Required when `host` is not loopback: the listener refuses to start without one. */
  token?: string | null;
  /** Host names the dashboard is reached by besides loopback, e.g. behind a reverse proxy. */
  allowedHosts?: string[];
  /** `dashboard.tls`: serve HTTPS with this certificate and key (PEM files). */
  tls?: TlsFiles | null;
  heartbeatMs?: number;
  /** Event-stream limits (defaults in sse-hub.ts). */
  events?: Omit<SseHubOptions, 'heartbeatMs'>;
  /** Faults worth the operator's attention; never given the token or request bodies. */
  log?: (message: string) => void;
}

export interface DashboardServer {
  /** `http://host:port` (or `https://`), no trailing slash. */
  origin: string;
  /** Open event streams and the data queued for them, for metrics and tests. */
  eventStreams(): { clients: number; queuedBytes: number; dropped: number };
  close(): Promise<void>;
}

export { DashboardConfigError };

function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
  const tooLarge = (): void =>
    sendError(res, 413, 'too-large', `request body over ${MAX_API_BODY_BYTES} bytes`, {
      connection: 'close',
    });
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_DRAIN_BYTES) {
    tooLarge();
    req.destroy();
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_API_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) {
        tooLarge();
        req.destroy();
        resolve(null);
      }
    });
    req.on('end', () => {
      // Read to the end (up to MAX_DRAIN_BYTES) so the sender gets its 413 rather than a reset.
      if (size > MAX_API_BODY_BYTES) {
        tooLarge();
        resolve(null);
      } else resolve(Buffer.concat(chunks));
    });
    req.on('error', () => resolve(null));
  });
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const token = options.token ?? null;
  const weakToken = token === null || token.length < 16;
  if (!isLoopbackHost(options.host) && weakToken) {
    throw new DashboardConfigError(
      'token',
      `the dashboard is bound to ${options.host}, beyond this machine: set a dashboard token of at least 16 characters, or bind it to 127.0.0.1`,
    );
  }
  // Other names mean a proxy or tunnel brings other machines in, even to a loopback listener.
  if ((options.allowedHosts ?? []).length > 0 && weakToken) {
    throw new DashboardConfigError(
      'token',
      `dashboard.allowedHosts lets the dashboard be reached by other names (through a proxy or tunnel): set a dashboard token of at least 16 characters, or empty dashboard.allowedHosts`,
    );
  }
  const log = options.log ?? ((message: string) => console.error(`dashboard: ${message}`));
  const tls = options.tls ? await loadTlsFiles(options.tls) : null;
  const staticFiles = await createStaticFiles(options.staticDir);
  const hub = createSseHub({ ...options.events, heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS });
  let port = options.port;

  const unsubscribe = options.subscribe((name, payload) => hub.publish(name, payload));

  async function initialSnapshot(): Promise<string | null> {
    try {
      const snapshot = snapshotSchema.parse(await options.handlers.snapshot({}));
      return formatSseEvent('snapshot', snapshot);
    } catch (error) {
      log(`no snapshot for a new event stream: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  async function api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (name === 'events') {
      if (req.method !== 'GET') {
        sendError(res, 405, 'method-not-allowed', 'use GET for /api/events', { allow: 'GET' });
        return;
      }
      if (!hub.open(res, initialSnapshot)) {
        sendError(
          res,
          503,
          'too-many-streams',
          `${hub.size} event streams are open already, the most this dashboard serves: close a dashboard tab or window`,
          { 'retry-after': '10' },
        );
      }
      return;
    }
    if (!isBridgeMethod(name)) {
      sendError(res, 404, 'not-found', `no Bridge method "${name}"`);
      return;
    }
    if (req.method !== 'POST') {
      sendError(res, 405, 'method-not-allowed', `use POST for /api/${name}`, { allow: 'POST' });
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    // Requiring JSON also forces a CORS preflight on any cross-site attempt, which this server never grants.
    if (type !== 'application/json') {
      sendError(res, 415, 'unsupported-media-type', `send the /api/${name} request as application/json`);
      return;
    }
    const body = await readBody(req, res);
    if (body === null) return;
    let request: unknown = {};
    if (body.length > 0) {
      try {
        request = JSON.parse(body.toString('utf8'));
      } catch {
        sendError(res, 400, 'invalid-request', `${name}: the body is not valid JSON`);
        return;
      }
    }
    const outcome = await invokeBridge(options.handlers, name, request, { log });
    if (outcome.ok) sendText(res, 200, JSON.stringify(outcome.value), {}, 'application/json; charset=utf-8');
    else sendError(res, outcome.status, outcome.error.kind, outcome.error.message);
  }

  function authorized(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    if (token === null) return true;
    const presented = presentedToken(req.headers.authorization, url);
    if (presented !== null && tokensMatch(presented, token)) return true;
    sendError(
      res,
      401,
      'unauthorized',
      'a valid dashboard token is required (Authorization: Bearer <token>)',
      {
        'www-authenticate': 'Bearer realm="streamtray"',
      },
    );
    return false;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (
      !isAllowedHost(req.headers.host, {
        port,
        boundHost: options.host,
        allowedHosts: options.allowedHosts ?? [],
      })
    ) {
      // A name that resolves here without being ours is a DNS-rebinding attempt.
      const named = (req.headers.host ?? '').slice(0, 100).replace(/[^\x21-\x7e]/g, '?');
      sendText(
        res,
        421,
        `this dashboard does not answer to the host name "${named}": if you reach it by that name, ` +
          `add it to dashboard.allowedHosts in the config file`,
      );
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    } catch {
      sendText(res, 400, 'malformed request target');
      return;
    }
    const pathname = url.pathname;
    if (pathname === '/metrics') {
      if (!authorized(req, res, url)) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendText(res, 405, 'use GET for /metrics', { allow: 'GET' });
        return;
      }
      sendText(res, 200, await options.metrics(), {}, options.metricsContentType ?? prometheusContentType);
      return;
    }
    if (pathname === '/api' || pathname.startsWith(API_PREFIX)) {
      if (!isSameOrigin(req.headers.origin, req.headers.host)) {
        sendError(res, 403, 'forbidden', 'requests from another site are refused');
        return;
      }
      if (!authorized(req, res, url)) return;
      await api(req, res, pathname.slice(API_PREFIX.length));
      return;
    }
    await staticFiles.serve(req, res, pathname);
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    handle(req, res).catch((error: unknown) => {
      log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (res.headersSent) res.destroy();
      else sendText(res, 500, 'internal error');
    });
  }
  const timeouts = { headersTimeout: 10_000, requestTimeout: 60_000 };
  const server = tls
    ? createHttpsServer({ ...timeouts, cert: tls.cert, key: tls.key }, onRequest)
    : createServer(timeouts, onRequest);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    unsubscribe();
    hub.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  port = address.port;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    origin: `${tls ? 'https' : 'http'}://${host}:${port}`,
    eventStreams: () => ({ clients: hub.size, queuedBytes: hub.queuedBytes, dropped: hub.dropped }),
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        hub.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        // Whatever is still open after the streams ended (a stalled upload) does not hold shutdown.
        setImmediate(() => server.closeAllConnections());
      }),
  };
}
