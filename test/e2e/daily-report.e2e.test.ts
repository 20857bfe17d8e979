import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyReportSchema, isWmspanelRow, type DailyReport } from '../../shared/daily-report.ts';
import { startApiProxy } from './api-proxy.ts';

// The daily report in a real Chromium, against `streamtray demo` (simulated Qiniu, ScaleEngine and
// WMSPanel accounts with months of history), as an operator would use it: all sources, one source by
// link, sorting with mouse and keyboard, the CSV download, a phone's width, Chinese and dark mode.

const ROOT = join(import.meta.dirname, '..', '..');
const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const weekAgo = new Date(Date.now() - 6 * DAY).toISOString().slice(0, 10);
const monthAgo = new Date(Date.now() - 29 * DAY).toISOString().slice(0, 10);

let workDir = '';
let browser: Browser;
let origin = '';
let demo: ChildProcess | null = null;
let closeProxy: () => Promise<void> = () => Promise.resolve();

function dashboardUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`demo printed no dashboard URL:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /Dashboard:\s+(https?:\/\/\S+)/.exec(output)?.[1];
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

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'streamtray-e2e-report-'));
  const outDir = join(workDir, 'renderer');
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  demo = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'streamtray.js'), 'demo', '--data-dir', join(workDir, 'data')],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const proxy = await startApiProxy(outDir, await dashboardUrl(demo, 20_000));
  origin = proxy.origin;
  closeProxy = () => proxy.close();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  await mkdir(SCREENSHOTS, { recursive: true });
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

interface Look {
  width?: number;
  locale?: 'en-US' | 'zh-CN';
  dark?: boolean;
}

/** A fresh browser page on the report view, with the hash given (the report reads it on arrival). */
async function openReport(hash: string, look: Look = {}): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({
    viewport: { width: look.width ?? 1440, height: 900 },
    locale: look.locale ?? 'en-US',
    colorScheme: look.dark === true ? 'dark' : 'light',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${origin}/${hash}`);
  const view = page.locator('main');
  await expect.poll(() => view.getAttribute('data-view'), { timeout: 15_000 }).not.toBeNull();
  if (!['daily', 'reports'].includes((await view.getAttribute('data-view')) ?? '')) {
    await page.locator('#tab-daily, #tab-reports').click();
  }
  await page.getByTestId('daily-table').waitFor({ timeout: 45_000 });
  return { page, context };
}

/** What the core answers for the same query, to hold the page to. */
async function answer(page: Page, request: Record<string, string>): Promise<DailyReport> {
  const body = await page.evaluate(async (json) => {
    const response = await fetch('/api/dailyReport', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json,
    });
    return response.json();
  }, JSON.stringify(request));
  return dailyReportSchema.parse(body);
}

const cells = (page: Page, column: string) =>
  page
    .locator(`[data-testid="daily-table"] tbody tr:not(.report-gap) td[data-column="${column}"]`)
    .allTextContents();
const number = (text: string) => Number(text.replace(/[^\d.]/g, ''));

describe('daily report in Chromium (streamtray demo)', () => {
  it('shows every source in one table with gaps, today marked partial, totals, a p95 row and a trend chart', async () => {
    const { page, context } = await openReport(`#/reports?source=all&from=${monthAgo}&to=${today}`);
    const report = await answer(page, { source: 'all', from: monthAgo, to: today });
    expect(report.sources.map((source) => [source.id, source.error])).toEqual([
      ['pili', null],
      ['se', null],
      ['wms', null],
    ]);
    const body = page.locator('[data-testid="daily-table"] tbody tr');
    // 30 days for three sources: a line each, the days a source had no data drawn as gaps.
    expect(await body.count()).toBe(90);
    expect(await page.locator('tbody tr.report-gap').count()).toBe(90 - report.rows.length);
    expect(await page.locator('tbody tr:not(.report-gap)').count()).toBe(report.rows.length);
    expect(await page.locator(`tbody tr[data-date="${today}"] .report-partial-tag`).count()).toBeGreaterThan(
      0,
    );
    expect(await page.locator(`tbody tr[data-date="${monthAgo}"] .report-partial-tag`).count()).toBe(0);

    const peaks = report.rows.flatMap((row) =>
      isWmspanelRow(row) || row.peak_viewers === null ? [] : [row.peak_viewers],
    );
    const total = await page
      .getByTestId('daily-total')
      .locator('td[data-column="peak_viewers"]')
      .textContent();
    expect(number(total ?? '')).toBe(Math.max(...peaks));
    const viewTime = await page
      .getByTestId('daily-total')
      .locator('td[data-column="total_view_time"]')
      .textContent();
    expect(viewTime).toMatch(/^\d{1,3}(,\d{3})* h \d{1,2} m$/);
    expect(
      await page.getByTestId('daily-p95').locator('td[data-column="traffic_bytes"]').textContent(),
    ).toMatch(/ (GB|TB|PB)$/);

    const canvas = page.getByTestId('daily-trend');
    await expect
      .poll(async () => Number(await canvas.getAttribute('data-points')), { timeout: 15_000 })
      .toBeGreaterThan(10);
    await page.screenshot({
      path: join(SCREENSHOTS, 'daily-report-en-US-light-1440-30-days.png'),
      fullPage: true,
    });
    await context.close();
  }, 90_000);

  it('lands on the one source a link names, with only the figures that provider has', async () => {
    const { page, context } = await openReport(`#/reports?source=se&from=${weekAgo}&to=${today}`);
    expect(await page.locator('.report-form select').first().inputValue()).toBe('se');
    const headers = await page.locator('[data-testid="daily-table"] thead th').allTextContents();
    expect(headers.map((text) => text.replace(/[▲▼]/g, '').trim())).toEqual([
      'Date',
      'Peak viewers',
      'Avg viewers',
    ]);
    expect(await page.locator('tbody tr').count()).toBe(7);
    // Another range is a place a link can hold: the hash says what is shown.
    await page.getByRole('button', { name: '30 days' }).click();
    const monthStart = new Date(Date.now() - 29 * DAY).toISOString().slice(0, 10);
    await expect
      .poll(() => page.evaluate<string>('location.hash'))
      .toBe(`#/reports?source=se&from=${monthStart}&to=${today}`);
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 30_000 }).toBe(30);
    await context.close();
  }, 90_000);

  it('sorts by a column with the mouse and the keyboard, and downloads the CSV of what is shown', async () => {
    const { page, context } = await openReport(`#/reports?source=pili&from=${weekAgo}&to=${today}`);
    const sort = page.locator('button[data-sort="peak_viewers"]');
    await sort.click();
    expect(await page.locator('th:has(button[data-sort="peak_viewers"])').getAttribute('aria-sort')).toBe(
      'descending',
    );
    const down = (await cells(page, 'peak_viewers')).map(number);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    await sort.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('th:has(button[data-sort="peak_viewers"])').getAttribute('aria-sort')).toBe(
      'ascending',
    );
    const up = (await cells(page, 'peak_viewers')).map(number);
    expect(up).toEqual([...down].reverse());

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV of what is shown' }).click(),
    ]);
    const text = await readFile((await download.path()) ?? '', 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'date,source,peak_viewers,avg_viewers,peak_bandwidth_bps,p95_bandwidth_bps,traffic_bytes',
    );
    // The shown order (ascending peak), raw numbers a spreadsheet can add up.
    expect(lines.slice(1).map((line) => Number(line.split(',')[2]))).toEqual(up);
    expect(download.suggestedFilename()).toBe(`streamtray-daily-pili-${weekAgo}-${today}.csv`);
    await context.close();
  }, 90_000);

  it('does not scroll sideways on a 390 px phone: each day is a card, the sort is a picker', async () => {
    const { page, context } = await openReport(`#/reports?source=all&from=${weekAgo}&to=${today}`, {
      width: 390,
    });
    // Nothing in the report reaches past the screen's right edge (the tab bar is the shell's, not ours).
    const beyond = await page.evaluate<string[]>(
      `[...document.querySelectorAll('[data-testid="daily-report"], [data-testid="daily-report"] *')]
        .filter((element) => element.getBoundingClientRect().right > 390.5)
        .map((element) => element.tagName + '.' + element.className)`,
    );
    expect(beyond).toEqual([]);
    expect(await page.locator('.report-sort-narrow').isVisible()).toBe(true);
    expect(await page.getByTestId('daily-total').isVisible()).toBe(true);
    await context.close();
  }, 90_000);

  it('speaks Chinese to a zh-CN browser, view time in 小时', async () => {
    const { page, context } = await openReport(`#/reports?source=wms&from=${weekAgo}&to=${today}`, {
      locale: 'zh-CN',
    });
    const headers = (await page.locator('[data-testid="daily-table"] thead th').allTextContents()).join(' ');
    expect(headers).toContain('连接数');
    expect(headers).not.toMatch(/[A-Za-z]{2,}/);
    const labels = (await page.locator('.report-form label').allTextContents()).join(' ');
    expect(
      labels.replace(/Qiniu Pili \(demo\)|ScaleEngine \(demo\)|WMSPanel \(demo\)|WMSPanel/g, ''),
    ).not.toMatch(/[A-Za-z]{2,}/);
    expect(
      await page.getByTestId('daily-total').locator('td[data-column="total_view_time"]').textContent(),
    ).toMatch(/小时 \d+ 分$/);
    await context.close();
  }, 90_000);

  it('saves screenshots in light and dark, English and Chinese, wide and narrow', async () => {
    for (const locale of ['en-US', 'zh-CN'] as const) {
      for (const dark of [false, true]) {
        for (const width of [1440, 390]) {
          const { page, context } = await openReport(`#/reports?source=all&from=${weekAgo}&to=${today}`, {
            locale,
            dark,
            width,
          });
          await expect
            .poll(async () => Number(await page.getByTestId('daily-trend').getAttribute('data-points')))
            .toBeGreaterThan(0);
          const name = `daily-report-${locale}-${dark ? 'dark' : 'light'}-${width}.png`;
          await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
          await context.close();
        }
      }
    }
  }, 240_000);
});
