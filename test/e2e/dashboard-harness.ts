import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { startApiProxy } from './api-proxy.ts';
import { startStubBridge, type StubBridge } from './stub-bridge-server.ts';

// One build of the renderer served against the real `streamtray demo` (and, for fixtures the demo
// cannot produce on demand, the stub Bridge), with Debian's Chromium to look at it.

export const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export interface Harness {
  browser: Browser;
  /** The renderer against `streamtray demo`. */
  demoOrigin: string;
  /** The same renderer against the stub Bridge (a stale source, a fixed incident #7). */
  stubOrigin: string;
  stub: StubBridge;
  /** Calls the demo's Bridge API directly. */
  api<T>(method: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

function waitForDashboardUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`demo printed no dashboard URL within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((one) => /dashboard/i.test(one) && /https?:\/\/\S+/.test(one));
      const url = line?.match(/https?:\/\/[^\s"']+/)?.[0];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`demo exited (${code}) before printing its URL:\n${output}`)),
    );
  });
}

export async function startHarness(): Promise<Harness> {
  const workDir = await mkdtemp(join(tmpdir(), 'streamtray-e2e-ui-'));
  const outDir = join(workDir, 'renderer');
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  const demo = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'streamtray.js'), 'demo', '--data-dir', join(workDir, 'data')],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const target = await waitForDashboardUrl(demo, 30_000);
  const proxy = await startApiProxy(outDir, target);
  const stub = await startStubBridge(outDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  return {
    browser,
    demoOrigin: proxy.origin,
    stubOrigin: stub.origin,
    stub,
    async api<T>(method: string, body: unknown = {}) {
      const response = await fetch(new URL(`/api/${method}`, target), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async close() {
      await browser.close();
      await proxy.close();
      await stub.close();
      if (demo.exitCode === null) {
        const exited = new Promise((resolve) => demo.once('exit', resolve));
        demo.kill('SIGTERM');
        await exited;
      }
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** Every hash route the dashboard has, for sweeps over all views. */
export const VIEW_ROUTES = [
  '#/overview',
  '#/streams',
  '#/charts',
  '#/incidents',
  '#/reports',
  '#/settings',
] as const;

/**
 * Latin words in what the page shows outside data (names, ids, stream URLs are marked translate="no"
 * or monospace): in a zh-CN page, any left over is an untranslated string.
 */
export const ENGLISH_WORDS_SCRIPT = `(allowed) => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  // Toasts carry notices, whose words (with data such as checkpoint names inside) the notice-words unit
  // tests check in both languages.
  const skip = '[translate="no"], .mono, code, kbd, script, style, canvas, .sr-only, .visually-hidden, .toasts';
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent === null || parent.closest(skip) !== null) continue;
    const style = getComputedStyle(parent);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    let text = node.textContent ?? '';
    for (const word of allowed) text = text.split(word).join(' ');
    const words = text.match(/[A-Za-z]{3,}/g);
    if (words !== null) out.push(...words.map((word) => word + ' ‹' + (node.textContent ?? '').trim().slice(0, 60) + '›'));
  }
  for (const element of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
    if (element.closest(skip) !== null) continue;
    for (const name of ['placeholder', 'title', 'aria-label']) {
      let text = element.getAttribute(name) ?? '';
      for (const word of allowed) text = text.split(word).join(' ');
      const words = text.match(/[A-Za-z]{3,}/g);
      if (words !== null) out.push(...words.map((word) => word + ' [' + name + ']'));
    }
  }
  return out;
}`;

/** Product and protocol names that stay as they are in Chinese, and the units Chinese UIs write in Latin. */
export const KEPT_IN_CHINESE = [
  'Streamtray',
  'WMSPanel',
  'ScaleEngine',
  'Qiniu Pili',
  'Qiniu',
  'Pili',
  'AccessKey',
  'Webhook',
  'webhook',
  'API',
  'CSV',
  'URL',
  'HTTP',
  'https://api.example.com',
  'https://',
  'https',
  'http',
  'IANA',
  'UTC',
  'Asia/Shanghai',
  'Hub',
  'CDN',
  'ID',
  'Tbps',
  'Gbps',
  'Mbps',
  'kbps',
  'bps',
];

/** The page's width beyond the viewport, in CSS pixels: 0 when nothing scrolls sideways. */
export const SIDEWAYS_OVERFLOW_SCRIPT = `(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth)()`;
