import { describe, expect, it } from 'vitest';
import {
  externalLinkRefusal,
  isAllowedExternalUrl,
  openAllowedExternal,
} from '../../../electron/shell/external-links.ts';

describe('links opened in the browser', () => {
  it.each([
    'https://wmspanel.com/nimble/servers',
    'https://api.wmspanel.com/v1/docs',
    'https://cp.scaleengine.net/',
    'https://www.scaleengine.com/documentation',
    'https://portal.qiniu.com/pili',
    'https://developer.qiniu.com/pili',
    'https://github.com/streamtray/streamtray/blob/main/docs/desktop-security.md',
  ])('opens the provider console or docs page %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['plain http', 'http://wmspanel.com/', /only https/],
    ['another scheme', 'file:///etc/passwd', /only https/],
    ['a script URL', 'javascript:alert(1)', /only https/],
    ['a look-alike domain', 'https://wmspanel.com.evil.example/', /not a provider console/],
    ['a suffix trick', 'https://evilqiniu.com/', /not a provider console/],
    ['someone else on GitHub', 'https://github.com/attacker/payload', /not a provider console/],
    ['credentials in the link', 'https://user:pw@wmspanel.com/', /user name or password/],
    ['an odd port', 'https://wmspanel.com:8443/', /non-standard port/],
    ['garbage', 'not a url', /not a URL/],
  ])('refuses %s', (_what, url, reason) => {
    expect(externalLinkRefusal(url)).toMatch(reason);
  });

  it('hands only allowed links to the OS, and logs a refusal without the link (it may hold a token)', () => {
    const opened: string[] = [];
    const logs: string[] = [];
    const deps = {
      openExternal: (url: string) => void opened.push(url),
      log: (m: string) => void logs.push(m),
    };
    expect(openAllowedExternal('https://portal.qiniu.com/', deps)).toBe(true);
    expect(openAllowedExternal('https://evil.example/?token=s3cret', deps)).toBe(false);
    expect(opened).toEqual(['https://portal.qiniu.com/']);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/did not open a link/);
    expect(logs.join()).not.toContain('s3cret');
  });
});
