import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentPage, Snapshot } from '../../shared/bridge.ts';
import {
  ENGLISH_WORDS_SCRIPT,
  KEPT_IN_CHINESE,
  SIDEWAYS_OVERFLOW_SCRIPT,
  startHarness,
  VIEW_ROUTES,
  type Harness,
} from './dashboard-harness.ts';

// Links that land, honest totals, phones and Chinese: the dashboard in Chromium against `streamtray demo`
// (and the stub Bridge where a fixed fixture is needed: a stale source, many notices at once).

let harness: Harness;
let context: BrowserContext;
let page: Page;

const view = () => page.locator('main').getAttribute('data-view');

async function openIncidentId(): Promise<number> {
  // The demo's scenario opens incidents within seconds of starting.
  await expect
    .poll(async () => (await harness.api<IncidentPage>('incidents', {})).incidents.length, {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  const { incidents } = await harness.api<IncidentPage>('incidents', {});
  const first = incidents[0];
  if (first === undefined) throw new Error('the demo has no incident');
  return first.id;
}

beforeAll(async () => {
  harness = await startHarness();
  context = await harness.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    colorScheme: 'light',
  });
  page = await context.newPage();
}, 90_000);

afterAll(async () => {
  await context?.close();
  await harness?.close();
});

describe('links into the dashboard land where they point', () => {
  it('opens an incident from its link, keeps it on reload and comes back to it with Back', async () => {
    const id = await openIncidentId();
    await page.goto(`${harness.demoOrigin}/#/incidents/${id}`);
    const detail = page.locator(`[data-incident-id="${id}"]`);
    await expect.poll(() => detail.count(), { timeout: 15_000 }).toBe(1);
    expect(await view()).toBe('incidents');
    await page.reload();
    await expect.poll(() => detail.count(), { timeout: 15_000 }).toBe(1);

    await page.locator('#tab-charts').click();
    await expect.poll(view).toBe('charts');
    expect(new URL(page.url()).hash).toMatch(/^#\/charts/);
    await page.goBack();
    await expect.poll(() => detail.count()).toBe(1);
    await page.goForward();
    await expect.poll(view).toBe('charts');
  });

  it('shows the incident with its subject, source name, severity, timing, events and actions', async () => {
    const id = await openIncidentId();
    const snapshot = await harness.api<Snapshot>('snapshot');
    await page.goto(`${harness.demoOrigin}/#/incidents/${id}`);
    const detail = page.getByTestId('incident-detail');
    await expect.poll(() => detail.count(), { timeout: 15_000 }).toBe(1);
    const text = (await detail.textContent()) ?? '';
    const incident = (await harness.api<IncidentPage>('incidents', {})).incidents.find(
      (one) => one.id === id,
    );
    const sourceName = snapshot.sources.find((source) => source.id === incident?.sourceId)?.name ?? '';
    expect(text).toContain(sourceName);
    expect(text).toMatch(/Critical|Warning|Info/);
    for (const label of [
      'Opened',
      'Downtime',
      'Audience affected',
      'Viewer-minutes lost',
      'Failed checkpoints',
      'Events',
    ]) {
      expect(text).toContain(label);
    }
    expect(await page.getByTestId('incident-events').locator('tbody tr').count()).toBeGreaterThan(0);
    // Mute sits with its duration picker right beside it.
    const mute = detail.locator('.mute-control');
    expect(await mute.getByRole('button', { name: 'Mute' }).count()).toBe(1);
    expect(await mute.locator('select').count()).toBe(1);
  });

  it('says plainly when a linked incident does not exist', async () => {
    await page.goto(`${harness.demoOrigin}/#/incidents/999999`);
    await expect
      .poll(() => page.locator('[data-incident-id="999999"]').textContent(), { timeout: 15_000 })
      .toContain('There is no incident #999999');
  });

  it('keeps the charts range and source of a link', async () => {
    await page.goto(`${harness.demoOrigin}/#/charts?range=6h`);
    await expect.poll(view, { timeout: 15_000 }).toBe('charts');
    await page.goto(`${harness.demoOrigin}/#/settings`);
    await expect.poll(view).toBe('settings');
    await page.goto(`${harness.demoOrigin}/#/reports`);
    await expect.poll(view).toBe('daily');
  });

  it('still switches views with the number keys, writing each into the address', async () => {
    await page.goto(`${harness.demoOrigin}/#/overview`);
    await expect.poll(view, { timeout: 15_000 }).toBe('overview');
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('4');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/incidents');
    await page.keyboard.press('6');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/settings');
  });

  it('lists closed incidents with a Closed column and an end, and links each to its page', async () => {
    await page.goto(`${harness.demoOrigin}/#/incidents`);
    const open = page.getByTestId('open-incidents');
    await expect.poll(() => open.count(), { timeout: 15_000 }).toBe(1);
    const link = open.locator('a.details-link').first();
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^#\/incidents\/\d+$/);
    await link.click();
    await expect.poll(() => page.locator('[data-incident-id]').count()).toBe(1);
    await page.goBack();
    const closed = page.getByTestId('closed-incidents');
    if ((await closed.count()) > 0) {
      expect(await closed.locator('thead').textContent()).toContain('Closed');
      expect(await page.getByTestId('closed-incidents-end').textContent()).toMatch(/End of list|shown/);
    }
  });
});

describe('honest numbers', () => {
  it('marks a total that leaves a stale source out, naming it, on Overview and in the top bar', async () => {
    await page.goto(`${harness.stubOrigin}/#/overview`);
    const partial = page.getByTestId('total-partial');
    await expect.poll(() => partial.count(), { timeout: 15_000 }).toBe(1);
    expect(await partial.textContent()).toContain('WMSPanel Edge (failing)');
    expect(await page.getByTestId('topbar-partial').isVisible()).toBe(true);
  });

  it('puts the state in the tab title and favicon, and warns on the card of a source with an open incident', async () => {
    await page.goto(`${harness.stubOrigin}/#/overview`);
    await expect
      .poll(() => page.title(), { timeout: 15_000 })
      .toMatch(/^\(1\) (Critical|Warning) — Streamtray$/);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(
      /^\.\/favicon-(critical|warning)\.svg$/,
    );
    const icon = await page.evaluate<number>(
      `fetch(document.querySelector('link[rel="icon"]').href).then((r) => r.ok && r.headers.get('content-type').startsWith('image/svg') ? 1 : 0)`,
    );
    expect(icon).toBe(1);
    expect(await page.getByTestId('source-wms').getByTestId('source-incidents').textContent()).toContain(
      'Open incidents on this source: 1',
    );
    await page.getByTestId('total-incidents').click();
    await expect.poll(view).toBe('incidents');
  });

  it('shows a source error in full without hovering', async () => {
    await page.goto(`${harness.stubOrigin}/#/overview`);
    const error = page.getByTestId('source-wms').getByTestId('source-error');
    await expect.poll(() => error.count(), { timeout: 15_000 }).toBe(1);
    expect(await error.textContent()).toContain(
      'Provider unavailable — WMSPanel answered: WMSPanel answered HTTP 503',
    );
    // Wrapped, not cut off: the element is no wider inside than it shows.
    const clipped = await page.evaluate<boolean>(
      `(() => { const e = document.querySelector('[data-testid="source-wms"] [data-testid="source-error"]'); return e.scrollWidth > e.clientWidth; })()`,
    );
    expect(clipped).toBe(false);
  });
});

describe('toasts', () => {
  it('stack at most three, say how many more wait, and go with Dismiss all', async () => {
    await page.goto(`${harness.stubOrigin}/#/overview`);
    await expect.poll(() => page.getByTestId('total-viewers').count(), { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(500); // the event stream connects after the first snapshot
    for (let index = 0; index < 5; index++) {
      harness.stub.notify({
        message: {
          kind: 'incident-opened',
          sourceId: 'wms',
          subject: { kind: 'stream', name: `rtmp://edge1.example.com/live/t${index}` },
          viewers: null,
          checkpoints: [],
          reason: null,
        },
        severity: 'critical',
        incidentIds: [100 + index],
        coalesced: false,
        at: Date.now(),
      });
    }
    await expect.poll(() => page.locator('.toast').count()).toBe(3);
    expect(await page.getByTestId('toasts').textContent()).toContain('+2 more');
    await page.getByTestId('toasts-dismiss-all').click();
    await expect.poll(() => page.locator('.toast').count()).toBe(0);
  });

  it('let a non-critical notice go away on its own', async () => {
    harness.stub.notify({
      message: {
        kind: 'incident-resolved',
        sourceId: 'wms',
        subject: { kind: 'stream', name: 'rtmp://edge1.example.com/live/back' },
        downtimeMs: 65_000,
      },
      severity: 'info',
      incidentIds: [120],
      coalesced: false,
      at: Date.now(),
    });
    const toast = page.locator('.toast', { hasText: 'edge1.example.com/live/back' });
    await expect.poll(() => toast.count()).toBe(1);
    await expect.poll(() => toast.count(), { timeout: 20_000, interval: 500 }).toBe(0);
  });
});

describe('settings', () => {
  it('puts a validation error in words under its field', async () => {
    await page.goto(`${harness.demoOrigin}/#/settings`);
    await page.getByRole('button', { name: 'Add source' }).click();
    const editor = page.getByTestId('source-editor');
    await editor.locator('select').first().selectOption('scaleengine');
    await editor.locator('input[name="id"]').fill('se-new');
    await editor.locator('input[name="apiKey"]').fill('public-key');
    await editor.locator('input[name="cdnId"]').fill('abc');
    await editor.getByRole('button', { name: 'Save' }).click();
    const cdnField = editor.locator('.field', { has: page.locator('input[name="cdnId"]') });
    await expect.poll(() => cdnField.locator('.field-error').textContent()).toBe('Enter a number.');
    const appsField = editor.locator('.field', { has: page.locator('input[name="apps"]') });
    expect(await appsField.locator('.field-error').textContent()).toBe(
      'List at least one application name or id.',
    );
    expect(await editor.textContent()).not.toMatch(/expected number|got string/);
    await editor.getByRole('button', { name: 'Cancel' }).click();
  });

  it('tests a saved source and shows the provider’s answer before “Saved”', async () => {
    await page.goto(`${harness.demoOrigin}/#/settings`);
    const row = page.getByTestId('sources-table').locator('tbody tr').first();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByRole('button', { name: 'Edit' }).click();
    await page.getByTestId('source-editor').getByRole('button', { name: 'Save' }).click();
    const toast = page.locator('.toast', { hasText: 'answered' });
    await expect.poll(() => toast.count(), { timeout: 20_000 }).toBe(1);
    expect(await toast.textContent()).toMatch(/answered: OK, [\d,]+ viewers, [\d,]+ streams\. Saved\./);
  });

  it('edits alert rules, refusing a bad time beside its field and applying a good one', async () => {
    await page.goto(`${harness.demoOrigin}/#/settings`);
    const rules = page.getByTestId('alert-rules');
    await expect.poll(() => rules.count(), { timeout: 15_000 }).toBe(1);
    await rules.getByLabel('Hold notices during quiet hours').check();
    await rules.locator('input[name="quietStart"]').fill('25:00');
    await rules.locator('input[name="stormMoreThan"]').fill('6');
    await rules.getByRole('button', { name: 'Save' }).click();
    const start = rules.locator('.field', { has: page.locator('input[name="quietStart"]') });
    await expect
      .poll(() => start.locator('.field-error').textContent())
      .toBe('Enter a 24-hour time such as 22:30.');
    await rules.locator('input[name="quietStart"]').fill('23:15');
    await rules.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () =>
          (
            await harness.api<{
              alerts: { quietHours: { start: string } | null; storm: { moreThan: number } };
            }>('alertSettings')
          ).alerts,
        {
          timeout: 10_000,
        },
      )
      .toMatchObject({ quietHours: { start: '23:15' }, storm: { moreThan: 6 } });
  });

  it('has its contact points section', async () => {
    await page.goto(`${harness.demoOrigin}/#/settings`);
    await expect
      .poll(() => page.getByTestId('contact-points').count(), { timeout: 15_000 })
      .toBe(1);
  });
});

describe('on a phone, 390 px wide', () => {
  it('scrolls no view sideways and keeps the glance (state and totals) in sight', async () => {
    const phone = await harness.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'en-US',
      isMobile: true,
      hasTouch: true,
    });
    const small = await phone.newPage();
    try {
      const id = await openIncidentId();
      const overflows: Record<string, number> = {};
      for (const route of [...VIEW_ROUTES, `#/incidents/${id}`]) {
        await small.goto(`${harness.demoOrigin}/${route}`);
        await expect.poll(() => small.getByTestId('topbar-viewers').count(), { timeout: 15_000 }).toBe(1);
        await small.waitForTimeout(800);
        overflows[route] = await small.evaluate<number>(SIDEWAYS_OVERFLOW_SCRIPT);
        expect(await small.getByTestId('topbar-viewers').isVisible()).toBe(true);
        expect(await small.getByTestId('glance').first().isVisible()).toBe(true);
      }
      expect(overflows).toEqual(Object.fromEntries(Object.keys(overflows).map((route) => [route, 0])));
    } finally {
      await phone.close();
    }
  });
});

describe('in Chinese', () => {
  it('follows a zh-CN browser when the locale is "system", and shows no English UI string on any view', async () => {
    const zh = await harness.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const zhPage = await zh.newPage();
    try {
      await harness.api('saveSettings', { locale: 'system' });
      const snapshot = await harness.api<Snapshot>('snapshot');
      const data = snapshot.sources
        .flatMap((source) => [source.name, source.id])
        .sort((a, b) => b.length - a.length);
      const id = await openIncidentId();
      const found: Record<string, string[]> = {};
      for (const route of [...VIEW_ROUTES, `#/incidents/${id}`]) {
        await zhPage.goto(`${harness.demoOrigin}/${route}`);
        await expect
          .poll(() => zhPage.locator('#tab-overview').textContent(), { timeout: 15_000 })
          .toContain('概览');
        await zhPage.waitForTimeout(1_000);
        const words = await zhPage.evaluate<string[]>(
          `(${ENGLISH_WORDS_SCRIPT})(${JSON.stringify([...data, ...KEPT_IN_CHINESE])})`,
        );
        if (words.length > 0) found[route] = words;
      }
      expect(await zhPage.evaluate('document.documentElement.lang')).toBe('zh-CN');
      expect(found).toEqual({});
      // The same sweep over the English page finds its words: the check can fail.
      await page.goto(`${harness.demoOrigin}/#/incidents`);
      await expect
        .poll(() => page.locator('#tab-overview').textContent(), { timeout: 15_000 })
        .toContain('Overview');
      const english = await page.evaluate<string[]>(
        `(${ENGLISH_WORDS_SCRIPT})(${JSON.stringify([...data, ...KEPT_IN_CHINESE])})`,
      );
      expect(english.length).toBeGreaterThan(10);
    } finally {
      await zh.close();
    }
  });
});
