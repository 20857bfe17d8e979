import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

// Serves a freshly built renderer and passes /api/… (SSE included) through to a running
// `streamtray demo`, so the browser tests exercise this build against the real core. The Host header is
// rewritten to the core's own (it refuses foreign hosts against DNS rebinding) and Origin is dropped.

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export async function startApiProxy(staticDir: string, target: string): Promise<{ origin: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (url.pathname.startsWith('/api/')) {
      const headers = { ...req.headers, host: upstream.host };
      delete headers.origin;
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { kind: 'network', message: 'the demo is not answering' } }));
      });
      req.pipe(forward);
      res.on('close', () => forward.destroy());
      return;
    }
    const relative = normalize(url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1)));
    if (relative.startsWith('..') || relative.includes(`..${sep}`)) {
      res.writeHead(403).end();
      return;
    }
    readFile(join(staticDir, relative)).then(
      (content) => {
        res.writeHead(200, { 'content-type': TYPES[extname(relative)] ?? 'application/octet-stream' });
        res.end(content);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
