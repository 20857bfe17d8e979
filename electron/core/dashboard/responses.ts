import type { ServerResponse } from 'node:http';

// The renderer loads nothing from elsewhere: scripts and styles are its own bundle, data comes from /api.
// Inline styles stay allowed because React and Chart.js set style attributes.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(html: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    // A `?token=` in the address must not leak to other sites through the Referer header.
    'referrer-policy': 'no-referrer',
  };
  if (html) {
    headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    headers['x-frame-options'] = 'DENY';
  }
  return headers;
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
  contentType = 'text/plain; charset=utf-8',
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    ...securityHeaders(contentType.startsWith('text/html')),
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendText(res, status, JSON.stringify(body), headers, 'application/json; charset=utf-8');
}

/** The Bridge error body (shared/bridge.ts bridgeErrorSchema). */
export function sendError(
  res: ServerResponse,
  status: number,
  kind: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { kind, message } }, headers);
}
