import { describe, expect, it } from 'vitest';
import { faviconHref, faviconSvg, pageTitle } from '../../../../renderer/logic/page-title.ts';

describe('the browser tab', () => {
  it('carries the count of open incidents and the state', () => {
    expect(pageTitle({ viewers: 1, bandwidthBps: 1, state: 'critical', openIncidents: 2 }, 'Critical', 'Streamtray')).toBe(
      '(2) Critical — Streamtray',
    );
    expect(pageTitle({ viewers: 1, bandwidthBps: 1, state: 'ok', openIncidents: 0 }, 'All good', 'Streamtray')).toBe(
      'All good — Streamtray',
    );
    expect(pageTitle(null, 'x', 'Streamtray')).toBe('Streamtray');
  });

  it('shows a favicon whose dot changes colour with the state', () => {
    expect(faviconSvg('critical')).not.toBe(faviconSvg('ok'));
    expect(faviconSvg('critical')).toContain('#dc2626');
    expect(faviconHref('ok')).toMatch(/^data:image\/svg\+xml,%3Csvg/);
  });
});
