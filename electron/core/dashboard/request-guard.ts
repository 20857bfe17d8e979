import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

// The dashboard listener drives the whole core (sources, secrets, pause), so a web page the operator
// happens to visit must not reach it: a foreign Host header means DNS rebinding, a foreign Origin means
// a cross-site request, and off loopback a bearer token is required.

export interface HostAuthority {
  /** Lower-case, IPv6 without brackets. */
  hostname: string;
  port: number | null;
}

/** `Example.com:8786` → { hostname: 'example.com', port: 8786 }; `[::1]:80` → { '::1', 80 }; null if malformed. */
export function parseHostHeader(value: string): HostAuthority | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s/@]+))(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match) return null;
  const hostname = (match[1] ?? match[2] ?? '').toLowerCase().replace(/\.$/, '');
  if (hostname === '') return null;
  const port = match[3] === undefined ? null : Number(match[3]);
  if (port !== null && port > 65_535) return null;
  return { hostname, port };
}

export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || /^::ffff:127\./.test(name);
  return false;
}

export interface HostPolicy {
  /** The port the listener is bound to. */
  port: number;
  /** The address the listener is bound to; a specific non-wildcard address is itself an allowed Host. */
  boundHost: string;
  /** Extra names the operator put the dashboard behind (`dash.example.com` or `dash.example.com:443`). */
  allowedHosts: readonly string[];
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** Whether a request's Host header names this listener rather than a name an attacker re-pointed at it. */
export function isAllowedHost(header: string | undefined, policy: HostPolicy): boolean {
  if (header === undefined) return false;
  const host = parseHostHeader(header);
  if (!host) return false;
  for (const entry of policy.allowedHosts) {
    const allowed = parseHostHeader(entry);
    // An entry without a port is a name behind a proxy: any port the proxy forwards from.
    if (
      allowed &&
      allowed.hostname === host.hostname &&
      (allowed.port === null || allowed.port === host.port)
    ) {
      return true;
    }
  }
  const rightPort = (host.port ?? 80) === policy.port;
  if (!rightPort) return false;
  if (isLoopbackHost(host.hostname)) return true;
  const bound = policy.boundHost.toLowerCase().replace(/^\[|\]$/g, '');
  return !WILDCARDS.has(bound) && bound === host.hostname;
}

/**
 * A browser's Origin on an /api request must be this very dashboard (the Host the request was sent to);
 * requests without one (curl, Prometheus, Node's fetch) pass, as they are not a page acting on a visitor.
 */
export function isSameOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  if (hostHeader === undefined) return false;
  const host = hostHeader.trim().toLowerCase();
  const normalized = origin.trim().toLowerCase();
  return normalized === `http://${host}` || normalized === `https://${host}`;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison; hashing first makes the time independent of where, and whether, lengths differ. */
export function tokensMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The token from `Authorization: Bearer <token>`, else from `?token=` (EventSource cannot set headers). */
export function presentedToken(authorization: string | undefined, url: URL): string | null {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] ?? null;
  }
  return url.searchParams.get('token');
}
