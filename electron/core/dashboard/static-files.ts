import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { securityHeaders, sendText } from './responses.ts';

// Serves the built renderer. Client routes (`/sources/abc`) get index.html so a reload works; a missing
// asset (`/assets/x.js`) is a 404, never HTML served as script.

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** Vite names built assets `name-<hash>.ext`: their content never changes under that name. */
const HASHED_ASSET = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function cacheControlOf(urlPath: string): string {
  return HASHED_ASSET.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * The file a URL path names inside `root`, or null when it would leave it (`..`, encoded `%2e%2e`,
 * backslashes, NUL, or a symlink pointing out). `root` must already be a real path.
 */
export async function resolveInside(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!isInside(root, candidate)) return null;
  try {
    const real = await realpath(candidate);
    return isInside(root, real) ? real : null;
  } catch {
    // Does not exist (yet): the caller decides between 404 and the index.html fallback.
    return candidate;
  }
}

function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root + path.sep);
}

const NO_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Streamtray</title></head>
<body><h1>Streamtray</h1><p>The dashboard has not been built. Run <code>npm run build</code>, then reload.
The Bridge API under <code>/api/</code> is running.</p></body></html>
`;

export interface StaticFiles {
  serve(req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<void>;
}

export async function createStaticFiles(staticDir: string | null): Promise<StaticFiles> {
  const root = staticDir === null ? null : await realpath(staticDir);

  async function sendFile(
    req: IncomingMessage,
    res: ServerResponse,
    file: string,
    urlPath: string,
  ): Promise<void> {
    const info = await stat(file);
    const type = contentTypeOf(file);
    res.writeHead(200, {
      ...securityHeaders(type.startsWith('text/html')),
      'content-type': type,
      'content-length': String(info.size),
      'cache-control': cacheControlOf(urlPath),
      'last-modified': info.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await pipeline(createReadStream(file), res);
  }

  async function isFile(file: string): Promise<boolean> {
    try {
      return (await stat(file)).isFile();
    } catch {
      return false;
    }
  }

  return {
    async serve(req, res, urlPath) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendText(res, 405, `method ${req.method ?? '?'} not allowed: use GET`, { allow: 'GET, HEAD' });
        return;
      }
      if (root === null) {
        sendText(res, 200, NO_BUILD_PAGE, {}, 'text/html; charset=utf-8');
        return;
      }
      const file = await resolveInside(root, urlPath);
      if (file === null) {
        sendText(res, 404, 'not found');
        return;
      }
      if (await isFile(file)) {
        await sendFile(req, res, file, urlPath);
        return;
      }
      // A path with an extension is a file someone expected; without one it is a client-side route.
      if (path.extname(urlPath) !== '') {
        sendText(res, 404, 'not found');
        return;
      }
      const index = path.join(root, 'index.html');
      if (await isFile(index)) await sendFile(req, res, index, '/index.html');
      else sendText(res, 404, 'not found: index.html is missing from the built renderer');
    },
  };
}
