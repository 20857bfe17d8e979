import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { faviconHref, faviconSvg, pageTitle, STATE_COLOURS } from '../../../../renderer/logic/page-title.ts';

const PUBLIC = join(import.meta.dirname, '..', '..', '..', '..', 'renderer', 'public');

describe('the browser tab', () => {
  it('carries the count of open incidents and the state', () => {
    expect(
      pageTitle(
        { viewers: 1, bandwidthBps: 1, state: 'critical', openIncidents: 2 },
        'Critical',
        'Streamtray',
      ),
    ).toBe('(2) Critical — Streamtray');
    expect(
      pageTitle({ viewers: 1, bandwidthBps: 1, state: 'ok', openIncidents: 0 }, 'All good', 'Streamtray'),
    ).toBe('All good — Streamtray');
    expect(pageTitle(null, 'x', 'Streamtray')).toBe('Streamtray');
  });

  it('shows a favicon whose dot changes colour with the state', () => {
    expect(faviconSvg('critical')).not.toBe(faviconSvg('ok'));
    expect(faviconSvg('critical')).toContain('#dc2626');
    expect(faviconHref('ok')).toBe('./favicon-ok.svg');
  });

  it('ships one icon file per state, drawn exactly as faviconSvg draws it', async () => {
    for (const state of Object.keys(STATE_COLOURS) as (keyof typeof STATE_COLOURS)[]) {
      const file = await readFile(join(PUBLIC, `favicon-${state}.svg`), 'utf8');
      expect(file.trim()).toBe(faviconSvg(state));
    }
  });
});
