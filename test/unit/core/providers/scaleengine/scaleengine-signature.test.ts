import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signRequest,
  signViewerLogRequest,
  type ViewerLogRequest,
} from '../../../../../electron/core/providers/scaleengine/scaleengine-signature.ts';

const SECRET = '8fc8c48da81e6a2a06a9556379bf798af508dc0792497c678b4c3532ba8b637f';
const base: ViewerLogRequest = {
  command: 'viewer.log',
  api_key: 'APX4GKLM0RKQLSP2FBO1ROPKSSW47DZE',
  timestamp: 1700000000,
  cdn: 158,
  app: 'demo-origin',
  graph: 1,
};

function hmac(text: string): string {
  return createHmac('sha256', SECRET).update(text, 'utf8').digest('base64');
}

describe('signViewerLogRequest', () => {
  it('reproduces the computed vector in docs/providers.md exactly', () => {
    const { signature, body } = signViewerLogRequest(
      { ...base, url: 'sestore3/username/path/filename.mp4', starttime: '2014-09-21 15:00:00' },
      SECRET,
    );
    expect(signature).toBe('UBRtdJayJWvoE2wJ4dxdLk2Km+Yo1/ZZPcgUiUba6p0=');
    expect(body).toBe(
      '{"command":"viewer.log","api_key":"APX4GKLM0RKQLSP2FBO1ROPKSSW47DZE","timestamp":1700000000,"cdn":158,' +
        '"app":"demo-origin","graph":1,"url":"sestore3\\/username\\/path\\/filename.mp4",' +
        '"starttime":"2014-09-21 15:00:00","signature":"UBRtdJayJWvoE2wJ4dxdLk2Km+Yo1\\/ZZPcgUiUba6p0="}',
    );
  });

  it('appends the signature as the last member and leaves the signed prefix byte for byte intact', () => {
    const { signature, body } = signViewerLogRequest(
      { ...base, app: ['demo-origin', 42], url: ['a/b', 'c'] },
      SECRET,
    );
    const signed =
      '{"command":"viewer.log","api_key":"APX4GKLM0RKQLSP2FBO1ROPKSSW47DZE","timestamp":1700000000,"cdn":158,"app":["demo-origin",42],"graph":1,"url":["a\\/b","c"]}';
    expect(signature).toBe(hmac(signed));
    expect(body.startsWith(signed.slice(0, -1))).toBe(true);
    expect(body.endsWith(`,"signature":"${signature.replaceAll('/', '\\/')}"}`)).toBe(true);
  });

  it('omits optional members that are undefined rather than sending null', () => {
    const { body } = signViewerLogRequest({ ...base, url: undefined, starttime: undefined }, SECRET);
    expect(body).not.toMatch(/"url"|"starttime"|null/);
  });

  it.each([
    ['a pipe list with wildcards', 'mystream_*|sestore3/user/x.mp4', '"mystream_*|sestore3\\/user\\/x.mp4"'],
    ['non-ASCII', 'チャンネル/é', '"\\u30c1\\u30e3\\u30f3\\u30cd\\u30eb\\/\\u00e9"'],
    ['an emoji', 'live 🎥', '"live \\ud83c\\udfa5"'],
    ['query-like reserved characters', 'x?a=1&b=2#f%2F+y', '"x?a=1&b=2#f%2F+y"'],
    ['control characters', 'a\tb\nc\u0001', '"a\\tb\\nc\\u0001"'],
    ['quotes and backslashes', 'say "x" C:\\path', '"say \\"x\\" C:\\\\path"'],
  ])('signs the PHP bytes of a url holding %s', (_label, url, encoded) => {
    const { signature } = signViewerLogRequest({ ...base, url }, SECRET);
    const expected = `{"command":"viewer.log","api_key":"APX4GKLM0RKQLSP2FBO1ROPKSSW47DZE","timestamp":1700000000,"cdn":158,"app":"demo-origin","graph":1,"url":${encoded}}`;
    expect(signature).toBe(hmac(expected));
  });

  it('differs from a JSON.stringify signature as soon as a value holds "/" or non-ASCII, and only then', () => {
    const plain = { ...base, url: 'mystream_720p' };
    expect(signViewerLogRequest(plain, SECRET).signature).toBe(hmac(JSON.stringify(plain)));
    for (const url of ['a/b', 'é']) {
      const request = { ...base, url };
      expect(signViewerLogRequest(request, SECRET).signature).not.toBe(hmac(JSON.stringify(request)));
    }
  });

  it('refuses a request that already carries a signature', () => {
    expect(() => signRequest({ command: 'x', signature: 'y' }, SECRET)).toThrow(/already has a "signature"/);
  });
});
