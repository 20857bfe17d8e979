import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProxy } from './api-proxy.ts';

// Settings → Contact points in a real Chromium against the real `streamtray demo`: the operator adds a
// webhook point aimed at a Standard Webhooks receiver on this machine, sends a test and reads the
// receiver's own answer. Screenshots of the section go to test/e2e/screenshots/ (git-ignored).

const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test', 'e2e', 'screenshots');
const SIGNING = `whsec_${Buffer.from('e2e signing key for streamtray!!').toString('base64')}`;

let workDir = '';
let browser: Browser;
let page: Page;
let demo: ChildProcess | null = null;
let receiver: Server | null = null;
let receiverOrigin = '';
const received: { id: string; verified: boolean; type: string }[] = [];
let closeProxy: () => Promise<void> = () => Promise.resolve();

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
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`demo exited (${code}) before printing its URL:\n${output}`)));
  });
}

/** A receiver that checks the signature the way the Standard Webhooks library does, and says so. */
function startReceiver(): Promise<void> {
  const verifier = new Webhook(SIGNING);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id']);
      try {
        const payload = verifier.verify(body, {
          'webhook-id': id,
          'webhook-timestamp': String(req.headers['webhook-timestamp']),
          'webhook-signature': String(req.headers['webhook-signature']),
        }) as { type: string };
        received.push({ id, verified: true, type: payload.type });
        // Tests are taken; the demo's alerts meet a maintenance window, so they show as retrying.
        if (payload.type !== 'test') {
          res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '600' });
          res.end('maintenance window');
          return;
        }
        res.writeHead(202, { 'content-type': 'text/plain' });
        res.end(`signature ok, queued ${id}`);
      } catch {
        received.push({ id, verified: false, type: '' });
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end('signature mismatch');
      }
    });
  });
  return new Promise((resolve) =>
    receiver?.listen(0, '127.0.0.1', () => {
      receiverOrigin = `http://127.0.0.1:${(receiver?.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'streamtray-e2e-points-'));
  const outDir = join(workDir, 'renderer');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  await startReceiver();
  demo = spawn(process.execPath, [join(ROOT, 'bin', 'streamtray.js'), 'demo'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const target = await waitForDashboardUrl(demo, 20_000);
  const proxy = await startApiProxy(outDir, target);
  closeProxy = () => proxy.close();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' });
  await page.goto(proxy.origin);
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
  await new Promise<void>((resolve) => {
    receiver?.closeAllConnections();
    if (receiver) receiver.close(() => resolve());
    else resolve();
  });
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

const section = () => page.getByTestId('contact-points');
/** The right edge of the section's widest box, text included: past the viewport means sideways scrolling. */
const widestRight = () =>
  page.evaluate<number>(`(() => {
    const root = document.querySelector('[data-testid="contact-points"]');
    return Math.max(...[root, ...root.querySelectorAll('*')].map((el) => Math.ceil(el.getBoundingClientRect().right)));
  })()`);
const editor = () => page.getByTestId('contact-point-editor');

describe('Settings → Contact points in Chromium (streamtray demo)', () => {
  it('adds a webhook point, refusing a bad field next to it first', async () => {
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('6');
    await expect.poll(() => section().count(), { timeout: 15_000 }).toBe(1);
    await section().getByTestId('add-contact-point').click();
    // Keyboard first: the editor opens with the type picker focused.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("name")')).toBe('type');
    await editor().locator('select[name=type]').selectOption('webhook');
    await editor().locator('input[name=id]').fill('oncall');
    await editor().locator('input[name=url]').fill('http://ops.example.com/hook');
    await editor().locator('input[name=secret]').fill('not-a-signing-secret');
    await editor().getByRole('button', { name: 'Save' }).click();
    const urlField = editor().locator('label', { has: page.locator('input[name=url]') });
    await expect.poll(() => urlField.locator('.cp-field-error').textContent()).toContain('Use https');
    const secretField = editor().locator('label', { has: page.locator('input[name=secret]') });
    expect(await secretField.locator('.cp-field-error').textContent()).toContain('whsec_');
    expect(await editor().locator('input[name=url]').getAttribute('aria-invalid')).toBe('true');

    await editor().locator('input[name=url]').fill(`${receiverOrigin}/hooks/streamtray`);
    await editor().locator('input[name=secret]').fill(SIGNING);
    await editor().locator('input[name=secret]').press('Enter');
    const card = section().getByTestId('contact-point-oncall');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.getByTestId('secret-badge').textContent()).toBe('set');
    expect(await editor().count()).toBe(0);
    // Write-only: the secret is nowhere on the page.
    expect(await page.content()).not.toContain(SIGNING.slice(6));
  });

  it('sends a test and shows the receiver’s exact answer', async () => {
    const card = section().getByTestId('contact-point-oncall');
    await card.getByTestId('send-test').click();
    const answer = card.getByTestId('test-answer');
    await expect.poll(() => answer.count(), { timeout: 15_000 }).toBe(1);
    const test = received.find((one) => one.type === 'test');
    expect(test?.verified).toBe(true);
    expect(await answer.getByTestId('test-status').textContent()).toBe('Status 202');
    expect(await answer.getByTestId('test-body').textContent()).toBe(`signature ok, queued ${test?.id ?? ''}`);
    await card.getByRole('button', { name: 'Recent deliveries' }).click();
  });

  it('lists the demo’s alerts the receiver could not take yet as retrying, with the next attempt and the reason', async () => {
    // The demo's scenario takes a stream offline about 20 s after it starts.
    const retrying = section().getByTestId('contact-point-oncall').locator('.cp-delivery-retrying').first();
    await expect.poll(() => retrying.count(), { timeout: 45_000, interval: 1_000 }).toBe(1);
    // The date comes first when the next attempt falls on another day (near midnight).
    expect(await retrying.textContent()).toMatch(/Retrying, next attempt (\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2}/);
    expect(await retrying.locator('.cp-delivery-reason').textContent()).toContain('503');
  }, 60_000);

  it('fits 390 px without sideways scrolling, and reads well light and dark, in English and Chinese', async () => {
    // The demo's own notices toast over the section; the pictures are of the section.
    await page.addStyleTag({ content: '.toasts { display: none !important; }' });
    for (const locale of ['en', 'zh-CN'] as const) {
      await page.getByTestId('locale-select').selectOption(locale);
      await expect
        .poll(() => section().locator('h2').textContent())
        .toBe(locale === 'en' ? 'Contact points' : '联络点');
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const width of [1440, 390]) {
          await page.setViewportSize({ width, height: 900 });
          // Only this section is checked: other Settings sections are another part's to fit.
          await expect.poll(widestRight).toBeLessThanOrEqual(width);
          await section().scrollIntoViewIfNeeded();
          await section().screenshot({ path: join(SHOTS, `contact-points-${locale}-${scheme}-${width}.png`) });
        }
      }
    }
    await page.getByTestId('locale-select').selectOption('en');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 90_000);

  it('opens the editor with the point’s fields and no secret, and Escape closes it', async () => {
    const card = section().getByTestId('contact-point-oncall');
    await card.getByRole('button', { name: 'Edit' }).click();
    expect(await editor().locator('input[name=url]').inputValue()).toBe(`${receiverOrigin}/hooks/streamtray`);
    expect(await editor().locator('input[name=secret]').inputValue()).toBe('');
    await editor().locator('input[name=url]').fill('https://elsewhere.example.net/hook');
    await expect.poll(() => editor().getByTestId('secret-drop-warning').count()).toBe(1);
    await page.setViewportSize({ width: 390, height: 900 });
    await editor().screenshot({ path: join(SHOTS, 'contact-points-editor-en-light-390.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await editor().locator('input[name=url]').press('Escape');
    await expect.poll(() => editor().count()).toBe(0);
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Edit');
  });

  it('removes the point', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await section().getByTestId('contact-point-oncall').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => section().getByTestId('contact-point-oncall').count()).toBe(0);
  });
});
