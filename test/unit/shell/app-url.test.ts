import { describe, expect, it } from 'vitest';
import { resolveAppUrl } from '../../../electron/shell/app-url.ts';

describe('resolveAppUrl', () => {
  it('loads the built dashboard from app://streamtray, never from file://', () => {
    expect(resolveAppUrl({}, { packaged: false })).toEqual({
      url: 'app://streamtray/index.html',
      warning: null,
    });
    expect(resolveAppUrl({}, { packaged: true }).url).toBe('app://streamtray/index.html');
  });

  it('uses a dev server on this machine while developing', () => {
    expect(resolveAppUrl({ STREAMTRAY_DEV_URL: 'http://localhost:5173/' }, { packaged: false })).toEqual({
      url: 'http://localhost:5173/',
      warning: null,
    });
  });

  it('ignores STREAMTRAY_DEV_URL in an installed app, and says so', () => {
    const installed = resolveAppUrl({ STREAMTRAY_DEV_URL: 'http://localhost:5173/' }, { packaged: true });
    expect(installed.url).toBe('app://streamtray/index.html');
    expect(installed.warning).toMatch(/STREAMTRAY_DEV_URL is ignored/);
  });

  it('refuses a dev URL off this machine or not on the web', () => {
    for (const dev of ['https://example.com/', 'file:///tmp/index.html', 'not a url']) {
      const result = resolveAppUrl({ STREAMTRAY_DEV_URL: dev }, { packaged: false });
      expect(result.url).toBe('app://streamtray/index.html');
      expect(result.warning).toMatch(/STREAMTRAY_DEV_URL/);
    }
  });
});
