// `npm run bench -- chart`: the dashboard's charts in Debian's Chromium. (1) A live update of 50 series
// × 2,000 points through the app's own Chart.js options and update path, against uPlot's setData on the
// same data in the same page, side by side in one run. (2) The time from navigating to the dashboard's
// charts to the first chart painted, this build of the renderer against the stub Bridge.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { createStaticFiles } from '../../electron/core/dashboard/static-files.ts';
import { startStubBridge } from '../e2e/stub-bridge-server.ts';
import type { BenchResult } from './bench-result.ts';
import type { BenchOptions, BenchOutcome } from './chart-render/bench-types.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const OPTIONS: BenchOptions = { series: 50, points: 2_000, warmup: 10, iterations: 60 };
const FIRST_PAINT_RUNS = 5;
const FRAME_MS = 16.7;
const RATIO_TARGET = 1.5;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function serveDir(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const files = await createStaticFiles(dir);
  const server = createServer((req, res) => void files.serve(req, res, new URL(req.url ?? '/', 'http://bench').pathname));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function liveUpdate(browser: Browser, origin: string): Promise<BenchOutcome> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction('typeof window.runBench === "function"');
  const outcome = await page.evaluate<BenchOutcome>(`window.runBench(${JSON.stringify(OPTIONS)})`);
  await page.close();
  return outcome;
}

/** Navigation start to the first chart with its lines painted (a frame after Chart.js drew them). */
async function firstPaint(browser: Browser, origin: string): Promise<{ ms: number; via: string }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${origin}/#/charts`);
  await page.locator('main[data-view]').waitFor();
  let via = '#/charts';
  if ((await page.locator('main').getAttribute('data-view')) !== 'charts') {
    // No hash route to the charts in this build: the operator's key for them instead.
    via = 'key 3';
    await page.keyboard.press('3');
  }
  const ms = await page.evaluate<number>(`new Promise((resolve) => {
    const check = () => {
      const canvas = document.querySelector('canvas[data-points]');
      if (canvas !== null && Number(canvas.getAttribute('data-points')) > 0) {
        requestAnimationFrame(() => resolve(performance.now()));
        return;
      }
      requestAnimationFrame(check);
    };
    check();
  })`);
  await context.close();
  return { ms, via };
}

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'streamtray-chart-bench-'));
  const pageDir = join(dir, 'page');
  const appDir = join(dir, 'app');
  await build({ configFile: false, root: join(import.meta.dirname, 'chart-render'), logLevel: 'error', base: './', build: { outDir: pageDir, emptyOutDir: true } });
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir: appDir, emptyOutDir: true } });
  const pageServer = await serveDir(pageDir);
  const stub = await startStubBridge(appDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const outcome = await liveUpdate(browser, pageServer.origin);
    const paints: number[] = [];
    let via = '';
    for (let i = 0; i < FIRST_PAINT_RUNS; i += 1) {
      const one = await firstPaint(browser, stub.origin);
      paints.push(one.ms);
      via = one.via;
    }
    const chartMedian = quantile(outcome.chartjs, 0.5);
    const uplotMedian = quantile(outcome.uplot, 0.5);
    const chartP95 = quantile(outcome.chartjs, 0.95);
    const ratio = chartMedian / uplotMedian;
    const points = `${OPTIONS.series} × ${OPTIONS.points.toLocaleString('en-US')} points`;
    return [
      {
        name: `Chart.js live update (app options and path) vs uPlot setData, ${points}, Chromium`,
        value: Math.round(ratio * 100) / 100,
        unit: '× uPlot (median)',
        target: `≤ ${RATIO_TARGET}×`,
        pass: ratio <= RATIO_TARGET,
        detail: `Chart.js median ${round(chartMedian)} ms, uPlot median ${round(uplotMedian)} ms, ${OPTIONS.iterations} updates each, interleaved`,
      },
      {
        name: `Chart.js live update p95, ${points}, Chromium`,
        value: round(chartP95),
        unit: 'ms (p95)',
        target: `≤ ${FRAME_MS} ms`,
        pass: chartP95 <= FRAME_MS,
        detail: `uPlot p95 ${round(quantile(outcome.uplot, 0.95))} ms; max ${round(Math.max(...outcome.chartjs))} ms; ${outcome.drawn.toLocaleString('en-US')} points drawn`,
      },
      {
        name: 'Dashboard: navigation to the first painted chart (stub Bridge, 1440 px)',
        value: Math.round(quantile(paints, 0.5)),
        unit: 'ms (median)',
        detail: `${FIRST_PAINT_RUNS} cold loads via ${via}, ${Math.round(Math.min(...paints))}–${Math.round(Math.max(...paints))} ms`,
      },
    ];
  } finally {
    await browser.close();
    await stub.close();
    await pageServer.close();
    await rm(dir, { recursive: true, force: true });
  }
}
