import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStaticFiles } from '../../electron/core/dashboard/static-files.ts';

// Serves a freshly built renderer and passes /api/… (SSE included) through to a running
// `streamtray demo`, so the browser tests exercise this build against the real core. The Host header is
// rewritten to the core's own (it refuses foreign hosts against DNS rebinding) and Origin is dropped.


export async function startApiProxy(staticDir: string, target: string): Promise<{ origin: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const files = await createStaticFiles(staticDir);
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
    // The product's own static file server: the e2e pages are served exactly as `serve` serves them.
    // A page navigating away mid-file closes the response early: that is the client leaving, not a failure.
    files.serve(req, res, url.pathname).catch(() => res.destroy());
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
