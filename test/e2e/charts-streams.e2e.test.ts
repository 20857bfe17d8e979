import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEntry } from '../../shared/stream-catalog.ts';
import { startApiProxy } from './api-proxy.ts';

// Charts and Streams in a real Chromium, this build of the renderer against the real `streamtray demo`
// (simulated Qiniu, ScaleEngine and WMSPanel with Dispersa alerts). Screenshots of each view in light and
// dark, English and Chinese, wide and narrow go to test/e2e/screenshots/.

const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(import.meta.dirname, 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const HOUR = 3_600_000;

let workDir = '';
let browser: Browser;
let page: Page;
let origin = '';
let demo: ChildProcess | null = null;
let closeProxy: () => Promise<void> = () => Promise.resolve();

function waitForDashboardUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`demo printed no dashboard URL:\n${output}`)), timeoutMs);
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
    child.on('exit', (code) => reject(new Error(`demo exited (${code}):\n${output}`)));
  });
}

async function openPage(options: { width?: number; locale?: string; dark?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: 900 },
    locale: options.locale ?? 'en-US',
    colorScheme: options.dark === true ? 'dark' : 'light',
    timezoneId: 'Asia/Shanghai',
  });
  const next = await context.newPage();
  await next.goto(origin);
  await next.locator('main[data-view]').waitFor();
  return next;
}

/** The views' shortcuts (1–6), pressed where no input has focus. */
async function show(on: Page, key: '2' | '3'): Promise<void> {
  await on.locator('body').click({ position: { x: 3, y: 400 } });
  await on.keyboard.press(key);
  await expect.poll(() => on.locator('main').getAttribute('data-view')).toBe(key === '2' ? 'streams' : 'charts');
}

const ticksOf = async (on: Page, testId: string) =>
  ((await on.getByTestId(testId).getAttribute('data-x-ticks')) ?? '').split(',').filter((x) => x !== '').map(Number);
const pointsOf = async (on: Page, testId: string) => Number(await on.getByTestId(testId).getAttribute('data-points'));

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'streamtray-e2e-charts-'));
  const outDir = join(workDir, 'renderer');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  demo = spawn(process.execPath, [join(ROOT, 'bin', 'streamtray.js'), 'demo'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const target = await waitForDashboardUrl(demo, 20_000);
  const proxy = await startApiProxy(outDir, target);
  origin = proxy.origin;
  closeProxy = () => proxy.close();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  page = await openPage();
  await mkdir(SHOTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await closeProxy();
  if (demo !== null && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo?.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
  }
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

describe('charts in Chromium against streamtray demo', () => {
  it('puts time ticks on round hours of the chosen time zone and says which zone it is', { timeout: 60_000 }, async () => {
    await show(page, '3');
    await expect.poll(() => pointsOf(page, 'chart-viewers'), { timeout: 20_000 }).toBeGreaterThan(1);
    await page.getByRole('button', { name: '6 h', exact: true }).click();
    await page.getByTestId('time-zone').selectOption('UTC');
    await expect.poll(() => page.getByTestId('zone-offset').textContent()).toBe('UTC+00:00');
    await expect.poll(async () => (await ticksOf(page, 'chart-viewers')).length).toBeGreaterThanOrEqual(4);
    expect((await ticksOf(page, 'chart-viewers')).every((tick) => tick % HOUR === 0)).toBe(true);
    const labels = ((await page.getByTestId('chart-viewers').getAttribute('data-x-labels')) ?? '').split('|');
    expect(labels.every((label) => label.endsWith(':00'))).toBe(true);

    // India is 5 h 30 min ahead: its round hours fall on UTC half hours.
    await page.getByTestId('time-zone').selectOption('Asia/Kolkata');
    await expect.poll(() => page.getByTestId('zone-offset').textContent()).toBe('UTC+05:30');
    await expect.poll(async () => (await ticksOf(page, 'chart-viewers')).every((tick) => tick % HOUR === HOUR / 2)).toBe(true);

    // The choice is kept across a reload.
    await page.reload();
    await show(page, '3');
    await expect.poll(() => page.getByTestId('zone-offset').textContent()).toBe('UTC+05:30');
    await page.getByTestId('time-zone').selectOption('Asia/Shanghai');
    await expect.poll(() => page.getByTestId('zone-offset').textContent()).toBe('UTC+08:00');
  });

  it('gives one source’s streams their own charts, and the tooltip lists every line at that time', async () => {
    await page.getByTestId('chart-source').selectOption('pili');
    await expect.poll(() => page.locator('.chart-panel').count()).toBe(4);
    await expect.poll(() => pointsOf(page, 'chart-stream-viewers'), { timeout: 15_000 }).toBeGreaterThan(5);
    const box = await page.getByTestId('chart-stream-viewers').boundingBox();
    if (box === null) throw new Error('no stream chart on screen');
    // Near the right end, where polling has put a point on every line by now.
    await page.mouse.move(box.x + box.width * 0.985, box.y + box.height * 0.6);
    await expect.poll(() => page.getByTestId('chart-stream-viewers').getAttribute('data-hovered')).toBe('5');
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height + 40);
  });

  it('states the real spacing of the points and shows “no data for this range” where there is none', async () => {
    await page.getByTestId('chart-source').selectOption('');
    await page.getByRole('button', { name: '1 h', exact: true }).click();
    await expect.poll(() => page.getByTestId('chart-resolution').textContent(), { timeout: 15_000 }).toMatch(
      /^Points every \d+ (s|min)$/,
    );
    await page.getByRole('button', { name: 'Custom…' }).click();
    await page.getByTestId('custom-from').fill('2025-01-01T08:00');
    await page.getByTestId('custom-to').fill('2025-01-01T07:00');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'at least two minutes after' }).count()).toBe(1);
    await page.getByTestId('custom-to').fill('2025-01-02T08:00');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => page.getByTestId('chart-no-data').count()).toBe(2);
    expect(await page.getByTestId('chart-no-data').first().textContent()).toBe('No data for this range.');
    expect(await page.locator('.charts canvas').count()).toBe(0);
  });

  it('shows 30 and 90 days from history', async () => {
    for (const name of ['30 d', '90 d']) {
      await page.getByRole('button', { name, exact: true }).click();
      await expect.poll(() => pointsOf(page, 'chart-viewers'), { timeout: 15_000 }).toBeGreaterThan(1);
      expect(await page.locator('.banner-error').count()).toBe(0);
      const ticks = await ticksOf(page, 'chart-viewers');
      expect(ticks.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('zooms into a dragged span of time, and Reset zoom goes back to the range', async () => {
    await page.getByRole('button', { name: '6 h', exact: true }).click();
    await expect.poll(() => pointsOf(page, 'chart-viewers'), { timeout: 15_000 }).toBeGreaterThan(1);
    const box = await page.getByTestId('chart-viewers').boundingBox();
    if (box === null) throw new Error('no chart on screen');
    const y = box.y + box.height * 0.55;
    await page.mouse.move(box.x + box.width * 0.55, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('reset-zoom').count()).toBe(1);
    const ticks = await ticksOf(page, 'chart-viewers');
    expect((ticks.at(-1) ?? 0) - (ticks[0] ?? 0)).toBeLessThan(2 * HOUR);
    await page.getByTestId('reset-zoom').click();
    await expect.poll(() => page.getByRole('button', { name: '6 h', exact: true }).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('streams in Chromium against streamtray demo', () => {
  it('lists every known stream with its state and provider, WMSPanel streams from Dispersa alerts included', { timeout: 60_000 }, async () => {
    await show(page, '2');
    await expect.poll(async () => Number(((await page.getByTestId('stream-count').textContent()) ?? '').replace(/.* of ([\d,]+).*/, '$1').replace(/,/g, '')), { timeout: 15_000 }).toBeGreaterThanOrEqual(150);
    await page.locator('#stream-filter').fill('wmspanel');
    const rows = page.getByTestId('streams-table').locator('tbody tr[data-state]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await rows.first().locator('td').nth(3).textContent()).toBe('WMSPanel');
    expect(await rows.first().locator('td').first().textContent()).toMatch(/^rtmp:\/\//);
    expect(await rows.first().locator('td').nth(1).textContent()).toMatch(/^(Live|Offline since .+)$/);
    await page.locator('#stream-filter').fill('');
  });

  it('opens a stream on its own page with its history, Qiniu filling what polling did not see', { timeout: 60_000 }, async () => {
    await page.locator('#stream-filter').fill('pili');
    const first = page.getByTestId('streams-table').locator('tbody tr[data-state]').first();
    const name = (await first.locator('td a').textContent()) ?? '';
    await first.locator('td a').click();
    const detail = page.getByTestId('stream-detail');
    await expect.poll(() => detail.getAttribute('data-stream')).toBe(name);
    await expect.poll(() => pointsOf(page, 'stream-chart-viewers'), { timeout: 20_000 }).toBeGreaterThan(5);
    // The demo polled for seconds, but Qiniu's per-stream history reaches back hours.
    await expect.poll(() => page.getByTestId('provider-fill').textContent(), { timeout: 20_000 }).toMatch(/Filled \d+ five-minute periods/);
    await page.getByTestId('stream-back').click();
    await expect.poll(() => page.getByTestId('streams-table').count()).toBe(1);
  });

  it('shows a WMSPanel stream’s incidents on its page', async () => {
    await page.locator('#stream-filter').fill('keynote');
    const row = page.getByTestId('streams-table').locator('tbody tr[data-state]').first();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.locator('td a').click();
    await expect.poll(() => page.locator('[data-testid="stream-incidents"] [data-incident-id]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId('stream-back').click();
    await page.locator('#stream-filter').fill('');
  });

  it('stays smooth with 2,000 streams by rendering only the rows in view', { timeout: 60_000 }, async () => {
    const many = await openPage();
    const streams: StreamEntry[] = Array.from({ length: 2_400 }, (_, index) => ({
      sourceId: 'pili',
      sourceName: 'Qiniu Pili (demo)',
      provider: 'qiniu',
      name: `bulk-${String(index).padStart(4, '0')}`,
      state: index % 3 === 0 ? 'offline' : 'live',
      viewers: index % 3 === 0 ? null : index,
      bandwidthBps: index % 3 === 0 ? null : index * 1000,
      lastSeenAt: Date.now() - index * 1000,
      offlineSince: index % 3 === 0 ? Date.now() - index * 1000 : null,
      openIncidentId: null,
      knownFrom: ['history'],
    }));
    await many.route('**/api/streamCatalog', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ streams }) }));
    await show(many, '2');
    await expect.poll(() => many.getByTestId('stream-count').textContent(), { timeout: 15_000 }).toMatch(/of 2,[4-9]\d\d streams/);
    const rendered = many.getByTestId('streams-table').locator('tbody tr[data-state]');
    expect(await rendered.count()).toBeLessThan(80);
    await many.locator('#stream-filter').fill('bulk');
    await expect.poll(() => many.getByTestId('stream-count').textContent()).toMatch(/^2,400 of /);
    await many.getByRole('button', { name: 'Stream', exact: true }).click();
    await many.evaluate("document.querySelector('[data-testid=streams-scroll]').scrollTo(0, 1e9)");
    await expect.poll(() => many.getByText('bulk-2399', { exact: true }).isVisible()).toBe(true);
    expect(await rendered.count()).toBeLessThan(80);
    await many.context().close();
  });
});

describe('screenshots of Charts, Streams and a stream page', () => {
  const variants = [
    { width: 1440, locale: 'en-US', dark: false },
    { width: 1440, locale: 'en-US', dark: true },
    { width: 1440, locale: 'zh-CN', dark: false },
    { width: 1440, locale: 'zh-CN', dark: true },
    { width: 390, locale: 'en-US', dark: false },
    { width: 390, locale: 'en-US', dark: true },
    { width: 390, locale: 'zh-CN', dark: false },
    { width: 390, locale: 'zh-CN', dark: true },
  ];
  for (const variant of variants) {
    const tag = `${variant.width}-${variant.locale}-${variant.dark ? 'dark' : 'light'}`;
    it(`draws each view without sideways scrolling (${tag})`, async () => {
      const shot = await openPage(variant);
      const zh = variant.locale === 'zh-CN';
      // How far the view's widest element reaches past the window's right edge; content inside its own
      // scrolling box (the stream table) scrolls there, not the page. (The tab bar is not this view's.)
      const overflow = () =>
        shot.evaluate<number>(`(() => {
          const clipped = (el) => {
            for (let up = el.parentElement; up !== null && up.tagName !== 'MAIN'; up = up.parentElement)
              if (getComputedStyle(up).overflowX !== 'visible') return true;
            return false;
          };
          const rights = [...document.querySelectorAll('main *')].filter((el) => !clipped(el)).map((el) => el.getBoundingClientRect().right);
          return Math.max(0, ...rights) - window.innerWidth;
        })()`);
      await show(shot, '3');
      await shot.getByTestId('time-zone').waitFor();
      await shot.getByTestId('chart-source').selectOption('pili');
      await expect.poll(() => pointsOf(shot, 'chart-stream-viewers'), { timeout: 20_000 }).toBeGreaterThan(1);
      if (zh) expect(await shot.getByRole('button', { name: '6 小时' }).count()).toBe(1);
      await shot.screenshot({ path: join(SHOTS, `charts-${tag}.png`), fullPage: true });
      expect(await overflow()).toBeLessThanOrEqual(0);

      await show(shot, '2');
      const rows = shot.getByTestId('streams-table').locator('tbody tr[data-state]');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(5);
      if (zh) expect(await shot.getByTestId('streams-table').locator('thead').textContent()).toContain('状态');
      await shot.screenshot({ path: join(SHOTS, `streams-${tag}.png`) });
      expect(await overflow()).toBeLessThanOrEqual(0);

      await rows.first().locator('td a').click();
      await expect.poll(() => pointsOf(shot, 'stream-chart-viewers'), { timeout: 20_000 }).toBeGreaterThan(1);
      await shot.screenshot({ path: join(SHOTS, `stream-detail-${tag}.png`), fullPage: true });
      expect(await overflow()).toBeLessThanOrEqual(0);
      await shot.context().close();
    }, 60_000);
  }
});
