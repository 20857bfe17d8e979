import { describe, expect, it } from 'vitest';
import {
  isAllowedHost,
  isLoopbackHost,
  isSameOrigin,
  parseHostHeader,
  presentedToken,
  tokensMatch,
} from '../../../../electron/core/dashboard/request-guard.ts';

const loopback = { port: 8786, boundHost: '127.0.0.1', allowedHosts: [] };

describe('parseHostHeader', () => {
  it('splits names, IPv4 and bracketed IPv6 from their ports', () => {
    expect(parseHostHeader('Example.COM:8786')).toEqual({ hostname: 'example.com', port: 8786 });
    expect(parseHostHeader('[::1]:80')).toEqual({ hostname: '::1', port: 80 });
    expect(parseHostHeader('127.0.0.1')).toEqual({ hostname: '127.0.0.1', port: null });
  });

  it('rejects malformed values', () => {
    for (const bad of ['', 'a:b', 'user@host:1', 'host:99999', '[::1', 'a b'])
      expect(parseHostHeader(bad), bad).toBeNull();
  });
});

describe('isAllowedHost', () => {
  it('accepts loopback names and addresses on the listener port only', () => {
    for (const host of [
      'localhost:8786',
      '127.0.0.1:8786',
      '127.1.2.3:8786',
      '[::1]:8786',
      'app.localhost:8786',
    ]) {
      expect(isAllowedHost(host, loopback), host).toBe(true);
    }
    expect(isAllowedHost('localhost:8787', loopback)).toBe(false);
    expect(isAllowedHost('localhost', loopback)).toBe(false);
    expect(isAllowedHost(undefined, loopback)).toBe(false);
  });

  it('refuses a rebinding name even on the right port', () => {
    expect(isAllowedHost('attacker.example:8786', loopback)).toBe(false);
    expect(isAllowedHost('localhost.attacker.example:8786', loopback)).toBe(false);
  });

  it('accepts the address it is bound to and the names the operator allowed', () => {
    const lan = {
      port: 8786,
      boundHost: '192.168.1.20',
      allowedHosts: ['dash.example.com', 'other.example:9000'],
    };
    expect(isAllowedHost('192.168.1.20:8786', lan)).toBe(true);
    expect(isAllowedHost('192.168.1.21:8786', lan)).toBe(false);
    expect(isAllowedHost('dash.example.com', lan)).toBe(true);
    expect(isAllowedHost('dash.example.com:443', lan)).toBe(true);
    expect(isAllowedHost('other.example:9000', lan)).toBe(true);
    expect(isAllowedHost('other.example:9001', lan)).toBe(false);
    const wildcard = { port: 8786, boundHost: '0.0.0.0', allowedHosts: [] };
    expect(isAllowedHost('0.0.0.0:8786', wildcard)).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it('knows the loopback range and nothing else', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('127.example.com')).toBe(false);
  });
});

describe('isSameOrigin', () => {
  it('passes requests without an Origin and pages of this very host', () => {
    expect(isSameOrigin(undefined, 'localhost:8786')).toBe(true);
    expect(isSameOrigin('http://localhost:8786', 'localhost:8786')).toBe(true);
  });

  it('refuses other sites, other ports and opaque origins', () => {
    expect(isSameOrigin('http://evil.example', 'localhost:8786')).toBe(false);
    expect(isSameOrigin('http://localhost:3000', 'localhost:8786')).toBe(false);
    expect(isSameOrigin('null', 'localhost:8786')).toBe(false);
  });
});

describe('tokens', () => {
  it('compares exactly, whatever the lengths', () => {
    expect(tokensMatch('abc123abc123abc1', 'abc123abc123abc1')).toBe(true);
    expect(tokensMatch('abc123abc123abc', 'abc123abc123abc1')).toBe(false);
    expect(tokensMatch('', 'abc123abc123abc1')).toBe(false);
  });

  it('takes the bearer header first and the query parameter for event streams', () => {
    const url = new URL('http://localhost/api/events?token=from-query');
    expect(presentedToken('Bearer from-header', url)).toBe('from-header');
    expect(presentedToken('Basic dXNlcjpwYXNz', url)).toBeNull();
    expect(presentedToken(undefined, url)).toBe('from-query');
    expect(presentedToken(undefined, new URL('http://localhost/metrics'))).toBeNull();
  });
});
