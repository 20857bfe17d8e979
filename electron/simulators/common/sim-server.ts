import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultQueue, faultRequestSchema, type Fault } from './faults.ts';

/** One request as a simulator's handler sees it: raw bytes kept, since signatures cover them. */
export interface SimRequest {
  method: string;
  /** The request target exactly as sent: path plus `?query` if any. */
  target: string;
  /** The path part of `target`, percent-encoding untouched. */
  rawPath: string;
  /** The query part of `target` without `?`, untouched ('' when absent). */
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Whether this request must be treated as carrying wrong credentials (fault injection). */
  forceAuthFailure: boolean;
  /** The caller's IP address (IPv4-mapped IPv6 unwrapped), for simulated API whitelists. */
  remoteAddress?: string | undefined;
}

export interface SimResponse {
  status: number;
  /** Serialized with JSON.stringify unless `text` is given. */
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface SimHandler {
  /** Answers one request; it must check credentials itself, honouring `request.forceAuthFailure`. */
  handle(request: SimRequest): SimResponse | Promise<SimResponse>;
  /** The provider's answer to a 4xx/5xx fault, e.g. Qiniu's `{"error": …}`. */
  errorBody?(status: number): unknown;
  /** A plausible incompatible change of the normal answer (a field renamed or retyped). */
  drift?(json: unknown): unknown;
}

export interface SimServer {
  /** `http://127.0.0.1:<port>` with no trailing slash. */
  readonly origin: string;
  readonly faults: FaultQueue;
  /** Every answer given, newest last (bounded), so tests can compare what a client reported. */
  readonly served: readonly { target: string; status: number; body: string }[];
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const SERVED_KEEP = 200;

function driftDefault(json: unknown): unknown {
  // Rename every key of the top-level object: the client must notice, not read zeros.
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    return Object.fromEntries(Object.entries(json).map(([key, value]) => [`${key}_v2`, value]));
  }
  return { data: json };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * Starts a provider simulator on 127.0.0.1. Besides the provider's own API it serves
 * `POST /__sim/faults` (body `{fault, times}`) and `DELETE /__sim/faults`, so a separate process
 * (the demo, a CLI test) can inject faults too.
 */
export async function startSimServer(
  handler: SimHandler,
  options: { host?: string; port?: number } = {},
): Promise<SimServer> {
  const faults = new FaultQueue();
  const served: { target: string; status: number; body: string }[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        send(res, 413, JSON.stringify({ error: 'request body too large' }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const remote = req.socket.remoteAddress?.replace(/^::ffff:/, '');
      void respond(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks), res, remote).catch(
        (error: unknown) => {
          if (!res.headersSent) send(res, 500, JSON.stringify({ error: String(error) }));
        },
      );
    });
  });

  async function respond(
    method: string,
    target: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
    res: ServerResponse,
    remoteAddress: string | undefined,
  ): Promise<void> {
    const queryAt = target.indexOf('?');
    const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
    const rawQuery = queryAt === -1 ? '' : target.slice(queryAt + 1);

    if (rawPath === '/__sim/faults') {
      if (method === 'DELETE') {
        faults.clear();
        send(res, 204, '');
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        send(res, 400, JSON.stringify({ error: 'body is not JSON' }));
        return;
      }
      const request = faultRequestSchema.safeParse(parsed);
      if (method !== 'POST' || !request.success) {
        send(res, 400, JSON.stringify({ error: request.success ? 'use POST or DELETE' : request.error.message }));
        return;
      }
      faults.push(request.data.fault, request.data.times);
      send(res, 204, '');
      return;
    }

    const active = faults.take();
    const has = <K extends Fault['kind']>(kind: K) =>
      active.find((fault): fault is Extract<Fault, { kind: K }> => fault.kind === kind);

    const latency = has('latency');
    if (latency) await sleep(latency.ms);

    const forced = has('status');
    let response: SimResponse;
    if (forced) {
      response = { status: forced.status, json: handler.errorBody?.(forced.status) ?? { error: `simulated ${forced.status}` } };
      if (forced.status === 429) response.headers = { 'retry-after': '30' };
    } else {
      response = await handler.handle({
        method,
        target,
        rawPath,
        rawQuery,
        query: new URLSearchParams(rawQuery),
        headers,
        body,
        forceAuthFailure: has('wrong-credentials') !== undefined,
        remoteAddress,
      });
    }

    if (response.status < 300 && response.text === undefined && has('schema-drift')) {
      response = { ...response, json: (handler.drift ?? driftDefault)(response.json) };
    }
    let text = response.text ?? (response.status === 204 ? '' : JSON.stringify(response.json));
    if (has('malformed-json')) text = `${text.slice(0, Math.max(1, Math.floor(text.length / 3)))},,}`;
    else if (has('truncated')) text = text.slice(0, Math.floor(text.length / 2));

    served.push({ target, status: response.status, body: text });
    if (served.length > SERVED_KEEP) served.splice(0, served.length - SERVED_KEEP);
    send(res, response.status, text, response.headers);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    origin: `http://${host}:${address.port}`,
    faults,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
