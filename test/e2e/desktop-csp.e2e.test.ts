import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, type AppProtocolHandler } from '../../electron/shell/app-protocol.ts';
import { startStubBridge, type StubBridge } from './stub-bridge-server.ts';

// The desktop app's Content-Security-Policy against this build of the renderer in a real Chromium: every
// page file comes from the shell's own app:// handler (its headers included), the Bridge from the stub,
// and the test walks every view, charts drawn, listening for the policy's violation reports.

const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

let workDir = '';
let browser: Browser;
let page: Page;
let stub: StubBridge;
let serveApp: AppProtocolHandler;
const pageErrors: string[] = [];
let documentHeaders: Record<string, string> = {};

/** Answers a page-file request with exactly what the shell's app:// handler would answer. */
async function fromAppProtocol(route: Route): Promise<void> {
  const url = new URL(route.request().url());
  const answer = await serveApp(
    new Request(`app://streamtray${url.pathname}`, { method: route.request().method() }),
  );
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => (headers[name] = value));
  await route.fulfill({ status: answer.status, headers, body: Buffer.from(await answer.arrayBuffer()) });
}

function violations(): Promise<Violation[]> {
  return page.evaluate<Violation[]>('window.__cspViolations');
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'streamtray-csp-'));
  const outDir = join(workDir, 'renderer');
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  serveApp = createAppProtocolHandler(outDir);
  stub = await startStubBridge(outDir);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1360, height: 880 }, locale: 'en-US' });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(`
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile });
    });
  `);
  await page.route((url) => !url.pathname.startsWith('/api/'), fromAppProtocol);
  const response = await page.goto(`${stub.origin}/index.html#/overview`);
  documentHeaders = response?.headers() ?? {};
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stub?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('desktop Content-Security-Policy on the built dashboard', () => {
  it('reaches the page with the strict policy and no unsafe-* source', () => {
    const csp = documentHeaders['content-security-policy'] ?? '';
    expect(csp).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self'/);
    expect(csp).not.toMatch(/unsafe-/);
  });

  it('lets every view render and the charts draw, with nothing blocked but the schema library’s eval probe', async () => {
    await expect
      .poll(() => page.getByTestId('total-viewers').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.keyboard.press('3');
    const canvas = page.locator('canvas').first();
    await expect
      .poll(async () => Number(await canvas.getAttribute('data-points')), { timeout: 15_000 })
      .toBeGreaterThan(1);
    for (const key of ['2', '4', '5', '6', '1']) {
      await page.keyboard.press(key);
      await expect.poll(() => page.locator('main').getAttribute('data-view')).not.toBe('charts');
    }
    // zod checks once whether `new Function` is allowed and falls back when it is not: that one report is
    // expected; any other (a stylesheet, an image, an inline style attribute, a script) is a regression.
    const blocked = (await violations()).filter(
      (v) => !(v.directive === 'script-src' && v.blocked === 'eval'),
    );
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('really blocks an injected inline script and a script from elsewhere', async () => {
    const ran = await page.evaluate<boolean>(`new Promise((resolve) => {
      window.__injected = false;
      const inline = document.createElement('script');
      inline.textContent = 'window.__injected = true';
      document.body.appendChild(inline);
      const remote = document.createElement('script');
      remote.src = 'https://evil.example/x.js';
      document.body.appendChild(remote);
      setTimeout(() => resolve(window.__injected), 200);
    })`);
    expect(ran).toBe(false);
    const directives = (await violations()).map((v) => v.directive);
    expect(directives.filter((d) => d === 'script-src-elem').length).toBeGreaterThanOrEqual(2);
  });
});
