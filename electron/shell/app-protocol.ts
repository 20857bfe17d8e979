import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentTypeOf, resolveInside } from '../core/dashboard/static-files.ts';

// The dashboard is served from our own privileged scheme, app://streamtray/, instead of file://: a file://
// page may read other local files, while this origin can only reach the built renderer folder. Every
// answer carries a Content-Security-Policy, so even an injected script tag has nowhere to load from.
// See docs/desktop-security.md.

export const APP_SCHEME = 'app';
export const APP_HOST = 'streamtray';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * What the built renderer needs and nothing more: its own scripts and stylesheets (React and Chart.js
 * set styles through the CSSOM, which style-src does not govern), its own images, and the Bridge over IPC.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Registered before `ready`: a standard, secure origin that may use fetch, with no CSP bypass. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const;

export interface AppSchemeRegistrar {
  registerSchemesAsPrivileged(
    schemes: Array<{ scheme: string; privileges: typeof APP_SCHEME_PRIVILEGES }>,
  ): void;
}

export function registerAppScheme(protocol: AppSchemeRegistrar): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

export type AppProtocolHandler = (request: Request) => Promise<Response>;

const BASE_HEADERS = {
  'content-security-policy': APP_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
} as const;

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
  });
}

/** A `..` segment (however encoded), a backslash or a NUL: a request aimed outside the folder. */
function aimsOutside(urlPath: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return true;
  }
  return decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..');
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function fileResponse(file: string, method: string): Promise<Response> {
  const headers = { ...BASE_HEADERS, 'content-type': contentTypeOf(file) };
  if (method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(await readFile(file), { status: 200, headers });
}

async function realRoot(rendererDir: string): Promise<string | null> {
  try {
    return await realpath(rendererDir);
  } catch {
    return null;
  }
}

/** Answers app://streamtray/<path> from `rendererDir` (dist/renderer); nothing outside it, ever. */
export function createAppProtocolHandler(rendererDir: string): AppProtocolHandler {
  const root = realRoot(rendererDir);
  return async function serveAppRequest(request) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, `${request.method} is not allowed on the app's own pages: use GET`);
    }
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
      return textResponse(404, `not found: ${url.protocol}//${url.host} is not part of Streamtray`);
    }
    const dir = await root;
    if (dir === null) {
      return textResponse(404, 'the dashboard has not been built: run `npm run build`, then restart');
    }
    const urlPath = url.pathname === '/' ? '/index.html' : url.pathname;
    // resolveInside also follows symlinks: one pointing out of the folder is refused the same way.
    const file = aimsOutside(urlPath) ? null : await resolveInside(dir, urlPath);
    if (file === null) return textResponse(403, 'refused: the path leaves the dashboard folder');
    if (await isFile(file)) return fileResponse(file, request.method);
    // The renderer routes in the hash, so a path with no extension is only a stale bookmark: show the app.
    const index = path.join(dir, 'index.html');
    if (path.extname(urlPath) === '' && (await isFile(index))) return fileResponse(index, request.method);
    return textResponse(404, 'not found');
  };
}
