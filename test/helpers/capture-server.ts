import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { afterEach } from 'vitest';

// A local HTTP server on 127.0.0.1 that records every request exactly as it arrived (method, path with
// query, headers, raw body) and answers with whatever the test scripts, so a sender's request can be
// checked against the service's documented format.

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface CaptureServer {
  origin: string;
  requests: CapturedRequest[];
  /** The answer to the next requests (default 200 with an empty body). */
  answer: (request: CapturedRequest) => ScriptedAnswer;
}

/** `port`: listen on this loopback port (a point configured before its receiver came up). */
export function useCaptureServers(): (port?: number) => Promise<CaptureServer> {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  });
  return async (port = 0) => {
    const capture: CaptureServer = { origin: '', requests: [], answer: () => ({ status: 200 }) };
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: CapturedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        capture.requests.push(request);
        const answer = capture.answer(request);
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    servers.push(server);
    capture.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return capture;
  };
}

/** A loopback port nothing listens on (yet): connections to it are refused. */
export async function unusedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}
