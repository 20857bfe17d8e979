import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentPage } from '../../shared/bridge.ts';
import { ROOT, startHarness, VIEW_ROUTES, type Harness } from './dashboard-harness.ts';

// Every view in light and dark, English and Chinese, wide and narrow, saved under test/e2e/screenshots/
// (ignored by git) for a person to look at: `npx vitest run test/e2e/screenshots.e2e.test.ts`.

const OUT = join(ROOT, 'test', 'e2e', 'screenshots');
const WIDTHS = [
  { name: 'wide', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const LOCALES = [
  { name: 'en', tag: 'en-US' },
  { name: 'zh', tag: 'zh-CN' },
] as const;
const THEMES = ['light', 'dark'] as const;

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  await mkdir(OUT, { recursive: true });
}, 90_000);

afterAll(async () => {
  await harness?.close();
});

describe('screenshots of every view', () => {
  it('saves each view in both themes, both languages and both widths', async () => {
    await expect
      .poll(async () => (await harness.api<IncidentPage>('incidents', {})).incidents.length, {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    const { incidents } = await harness.api<IncidentPage>('incidents', {});
    const routes = [...VIEW_ROUTES, `#/incidents/${incidents[0]?.id ?? 1}`];
    let saved = 0;
    for (const size of WIDTHS) {
      for (const locale of LOCALES) {
        for (const theme of THEMES) {
          const context = await harness.browser.newContext({
            viewport: { width: size.width, height: size.height },
            locale: locale.tag,
            colorScheme: theme,
          });
          const page = await context.newPage();
          for (const route of routes) {
            await page.goto(`${harness.demoOrigin}/${route}`);
            await page.getByTestId('topbar-viewers').waitFor({ timeout: 15_000 });
            await page.waitForTimeout(1_200); // charts and tables settle
            const name = route.replace(/^#\//, '').replace(/\//g, '-');
            await page.screenshot({
              path: join(OUT, `${name}-${locale.name}-${theme}-${size.name}.png`),
              fullPage: true,
            });
            saved++;
          }
          // The stub's fixture has a stale source: how a partial total looks.
          await page.goto(`${harness.stubOrigin}/#/overview`);
          await page.getByTestId('total-partial').waitFor({ timeout: 15_000 });
          await page.screenshot({
            path: join(OUT, `overview-partial-${locale.name}-${theme}-${size.name}.png`),
            fullPage: true,
          });
          saved++;
          await context.close();
        }
      }
    }
    expect(saved).toBe(WIDTHS.length * LOCALES.length * THEMES.length * (routes.length + 1));
  }, 300_000);
});
