import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_CONTENT_SECURITY_POLICY,
  APP_INDEX_URL,
  createAppProtocolHandler,
  registerAppScheme,
  type AppSchemeRegistrar,
} from '../../../electron/shell/app-protocol.ts';

const top = mkdtempSync(path.join(os.tmpdir(), 'streamtray-app-protocol-'));
const renderer = path.join(top, 'dist', 'renderer');
mkdirSync(path.join(renderer, 'assets'), { recursive: true });
writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Streamtray</title>');
writeFileSync(path.join(renderer, 'assets', 'index-BzYI6dtl.js'), 'export const x = 1;');
writeFileSync(path.join(renderer, 'assets', 'index-DTNXzodf.css'), 'body { color: black }');
writeFileSync(path.join(renderer, 'assets', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
writeFileSync(path.join(renderer, 'assets', 'font.woff2'), 'wOF2');
writeFileSync(path.join(top, 'config.json'), '{"secret":"hunter2"}');
symlinkSync(path.join(top, 'config.json'), path.join(renderer, 'assets', 'escape.json'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

const serve = createAppProtocolHandler(renderer);
const get = (url: string, init?: RequestInit) => serve(new Request(url, init));

describe('app:// protocol', () => {
  it('serves the dashboard page with a strict Content-Security-Policy', async () => {
    const response = await get(APP_INDEX_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>Streamtray</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('names each asset by its real type, so a script is never sniffed from something else', async () => {
    const types = await Promise.all(
      ['assets/index-BzYI6dtl.js', 'assets/index-DTNXzodf.css', 'assets/logo.png', 'assets/font.woff2'].map(
        async (file) => (await get(`app://streamtray/${file}`)).headers.get('content-type'),
      ),
    );
    expect(types).toEqual([
      'text/javascript; charset=utf-8',
      'text/css; charset=utf-8',
      'image/png',
      'font/woff2',
    ]);
  });

  it('puts the policy on every answer, errors included', async () => {
    for (const url of ['app://streamtray/assets/missing.js', 'app://streamtray/%2e%2e/config.json']) {
      expect((await get(url)).headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY);
    }
  });

  it.each([
    ['an encoded slash', 'app://streamtray/assets/..%2f..%2f..%2fconfig.json'],
    ['a backslash', 'app://streamtray/assets/..%5c..%5c..%5cconfig.json'],
    ['a NUL byte', 'app://streamtray/index.html%00.png'],
    ['a symlink out of the folder', 'app://streamtray/assets/escape.json'],
  ])('refuses a path out of the dashboard folder through %s', async (_what, url) => {
    const response = await get(url);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('refused: the path leaves the dashboard folder');
  });

  it.each([
    ['../ the URL parser folds away', 'app://streamtray/../../config.json'],
    ['%2e%2e the URL parser folds away', 'app://streamtray/%2e%2e/%2e%2e/config.json'],
    ['a double-encoded ../', 'app://streamtray/assets/%252e%252e/%252e%252e/config.json'],
  ])('never serves a file outside the folder, even through %s', async (_what, url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('hunter2');
  });

  it('refuses other hosts on the scheme and anything but GET', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    const post = await get(APP_INDEX_URL, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(await post.text()).toMatch(/use GET/);
  });

  it('answers a missing asset with 404, and an old route bookmark with the app', async () => {
    const missing = await get('app://streamtray/assets/gone-12345678.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/plain/);
    const route = await get('app://streamtray/incidents/12');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Streamtray</title>');
  });

  it('says how to build the dashboard when it has not been built', async () => {
    const response = await createAppProtocolHandler(path.join(top, 'nowhere'))(new Request(APP_INDEX_URL));
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/npm run build/);
  });

  it('registers the scheme as a standard secure origin that cannot bypass the policy', () => {
    const registered: Parameters<AppSchemeRegistrar['registerSchemesAsPrivileged']>[0] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => void registered.push(...schemes) });
    expect(registered).toHaveLength(1);
    expect(registered[0]?.scheme).toBe('app');
    expect(registered[0]?.privileges).toMatchObject({ standard: true, secure: true });
    expect(registered[0]?.privileges).not.toHaveProperty('bypassCSP');
  });
});
