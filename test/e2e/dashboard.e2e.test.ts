import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProxy } from './api-proxy.ts';
import { startStubBridge, type StubBridge } from './stub-bridge-server.ts';

// The dashboard in a real Chromium: this build of the renderer, against the real `streamtray demo` when
// that command exists, otherwise against a stub answering the Bridge API from fixtures.

const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const USE_DEMO = existsSync(join(ROOT, 'electron', 'cli', 'commands', 'demo.ts')) && process.env.STREAMTRAY_E2E_STUB !== '1';

let workDir = '';
let browser: Browser;
let page: Page;
let origin = '';
let stub: StubBridge | null = null;
let demo: ChildProcess | null = null;
let closeServer: () => Promise<void> = () => Promise.resolve();

function waitForDashboardUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`demo printed no dashboard URL within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((one) => /dashboard/i.test(one) && /https?:\/\/\S+/.test(one));
      const url = line?.match(/https?:\/\/[^\s"']+/)?.[0];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => onData(chunk));
    child.stderr?.on('data', (chunk: Buffer) => onData(chunk));
    child.on('exit', (code) => reject(new Error(`demo exited (${code}) before printing its URL:\n${output}`)));
  });
}

const figure = async (testId: string) => (await page.getByTestId(testId).locator('.figure-value').textContent()) ?? '';
const luminance = (rgb: string) => {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};
const backgroundOfBody = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'streamtray-e2e-'));
  const outDir = join(workDir, 'renderer');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });

  if (USE_DEMO) {
    demo = spawn(process.execPath, [join(ROOT, 'bin', 'streamtray.js'), 'demo', '--data-dir', join(workDir, 'data')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const target = await waitForDashboardUrl(demo, 20_000);
    const proxy = await startApiProxy(outDir, target);
    origin = proxy.origin;
    closeServer = () => proxy.close();
  } else {
    stub = await startStubBridge(outDir);
    origin = stub.origin;
    closeServer = () => (stub === null ? Promise.resolve() : stub.close());
  }

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1360, height: 880 }, locale: 'en-US', colorScheme: 'light' });
  await page.goto(origin);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await closeServer();
  if (demo !== null && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo?.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
  }
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

describe(`dashboard in Chromium (${USE_DEMO ? 'streamtray demo' : 'stub Bridge'})`, () => {
  it('shows live totals with units and a card per source with its staleness', async () => {
    await expect.poll(async () => Number((await figure('total-viewers')).replace(/[^\d]/g, '')), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await figure('total-bandwidth')).toMatch(/^\d+(\.\d+)? (kbps|Mbps|Gbps|Tbps)$/);
    const cards = page.locator('[data-testid^="source-"]');
    expect(await cards.count()).toBeGreaterThanOrEqual(2);
    expect(await cards.first().getByTestId('staleness').textContent()).toMatch(/Updated \d+ (s|min) ago|No data yet/);
  });

  it('switches views with 1-6 and arrow keys, and / focuses the stream filter', async () => {
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('2');
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('streams');
    const rows = page.getByTestId('streams-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(5);

    await page.keyboard.press('1');
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('overview');
    await page.keyboard.press('/');
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('streams');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('stream-filter');
    const total = await rows.count();
    const firstName = (await rows.first().locator('td').first().textContent()) ?? '';
    await page.keyboard.type(firstName);
    await expect.poll(() => rows.count()).toBeLessThan(total);
    expect(await rows.first().locator('td').first().textContent()).toBe(firstName);
    // Digits typed into the filter are text, not view switches.
    expect(await page.locator('main').getAttribute('data-view')).toBe('streams');
    await page.keyboard.press('Escape');
    await expect.poll(() => rows.count()).toBe(total);

    await page.locator('#tab-streams').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('charts');
    expect(await page.evaluate('document.activeElement?.id')).toBe('tab-charts');
  });

  it('draws the viewers and bandwidth charts from history', async () => {
    await page.keyboard.press('3');
    const canvas = page.locator('canvas').first();
    await expect.poll(async () => Number(await canvas.getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(1);
    // The first line's colour actually painted in the plot (below the legend), not just axes and grid.
    const linePixels = () =>
      page.evaluate<number>(`(() => {
        const canvas = document.querySelector('canvas');
        const top = Math.round(canvas.height * 0.2);
        const data = canvas.getContext('2d').getImageData(0, top, canvas.width, canvas.height - top).data;
        let count = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (Math.abs(data[i] - 59) < 40 && Math.abs(data[i + 1] - 130) < 40 && Math.abs(data[i + 2] - 246) < 40 && data[i + 3] > 128) count++;
        }
        return count;
      })()`);
    // The stub has an hour of history, and the demo backfills hours from its providers' own history on
    // start: either way a line crosses the plot, not a lone point.
    await expect.poll(linePixels, { timeout: 15_000 }).toBeGreaterThan(300);
    expect(await page.locator('canvas').count()).toBe(2);
  });

  it('toasts a notice in the operator’s words', async () => {
    if (stub === null) return; // The demo's own scenario decides when notices come.
    stub.notify({
      message: { kind: 'incident-opened', sourceId: 'wms', subject: { kind: 'stream', name: 'rtmp://edge1.example.com/live/cam9' }, viewers: 1_250, checkpoints: [], reason: null },
      severity: 'critical',
      incidentIds: [9],
      coalesced: false,
      at: Date.now(),
    });
    const toast = page.locator('.toast-critical');
    await expect.poll(() => toast.count()).toBe(1);
    expect(await toast.textContent()).toContain('edge1.example.com/live/cam9');
    expect(await toast.textContent()).toContain('WMSPanel Edge');
    await toast.getByRole('button').click();
    await expect.poll(() => toast.count()).toBe(0);
  });

  it('lists open incidents and acknowledges one', async () => {
    await page.keyboard.press('4');
    const row = page.locator('tr.row-open').first();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    const acknowledge = row.getByRole('button', { name: 'Acknowledge' });
    if ((await acknowledge.count()) === 0) return; // Already acknowledged by an earlier run of the scenario.
    await acknowledge.click();
    await expect.poll(() => row.textContent()).toContain('Acknowledged');
  });

  it('applies dark mode from the theme setting and from the system', async () => {
    await page.keyboard.press('6');
    const theme = page.getByTestId('theme-select');
    await theme.selectOption('dark');
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    expect(luminance(await backgroundOfBody())).toBeLessThan(0.2);
    await theme.selectOption('light');
    await expect.poll(async () => luminance(await backgroundOfBody())).toBeGreaterThan(0.8);
    await theme.selectOption('system');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(async () => luminance(await backgroundOfBody())).toBeLessThan(0.2);
    await page.keyboard.press('1');
    await mkdir(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'dashboard-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('6');
  });

  it('switches the whole interface to Simplified Chinese', async () => {
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect.poll(() => page.locator('#tab-overview').textContent()).toContain('概览');
    expect(await page.locator('#tab-charts').textContent()).toContain('图表');
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('total-viewers').locator('.figure-label').textContent()).toBe('观众');
    await page.getByTestId('locale-select').count(); // settings view unmounted: nothing to select there
    await page.keyboard.press('6');
    await page.getByTestId('locale-select').selectOption('en');
    await expect.poll(() => page.locator('#tab-overview').textContent()).toContain('Overview');
    await page.keyboard.press('1');
    await page.screenshot({ path: join(ROOT, 'test-results', 'dashboard.png') });
  });
});
