import { describe, expect, it } from 'vitest';
import {
  qiniuAuthorization,
  qiniuSigningData,
} from '../../../../../electron/core/providers/qiniu/qiniu-token.ts';

const FORM = 'application/x-www-form-urlencoded';

describe('Qiniu token', () => {
  it('reproduces the official SDK vector (JSON body signed)', () => {
    const token = qiniuAuthorization('ak', 'sk', {
      method: 'GET',
      path: '/',
      host: 'rs.qbox.me',
      contentType: 'application/json',
      body: '{"name": "test"}',
    });
    expect(token).toBe('Qiniu ak:ksh7bJBnBzFO0yxJ_tLLUcg0csM=');
  });

  it('reproduces the computed Pili history vector with the form Content-Type line', () => {
    const request = {
      method: 'GET',
      path: '/v2/hubs/myhub/stat/play/history',
      rawQuery: 'start=1700000000&end=1700003600&limit=100',
      host: 'pili.qiniuapi.com',
      contentType: FORM,
    };
    expect(qiniuSigningData(request).toString('utf8')).toBe(
      'GET /v2/hubs/myhub/stat/play/history?start=1700000000&end=1700003600&limit=100\n' +
        `Host: pili.qiniuapi.com\nContent-Type: ${FORM}\n\n`,
    );
    expect(qiniuAuthorization('ak', 'sk', request)).toBe('Qiniu ak:2FQrJVCWkmHgEDUJheOGOdFxEYA=');
  });

  it('signs the Host with its port, so a token for one port is refused on another', () => {
    const base = {
      method: 'GET',
      path: '/v2/hubs/h/stat/play',
      host: 'pili.example.com:8443',
      contentType: FORM,
    };
    expect(qiniuSigningData(base).toString()).toContain('\nHost: pili.example.com:8443\n');
    expect(qiniuAuthorization('ak', 'sk', base)).not.toBe(
      qiniuAuthorization('ak', 'sk', { ...base, host: 'pili.example.com' }),
    );
  });

  it('signs the query bytes verbatim, reserved characters still percent-encoded', () => {
    const rawQuery = 'limit=5&marker=MTcwMDAwMDMwMA%3D%3D&x=a%2Fb%2Bc';
    const request = {
      method: 'GET',
      path: '/v2/hubs/h/stat/play/history',
      rawQuery,
      host: 'h.example',
      contentType: FORM,
    };
    expect(qiniuSigningData(request).toString()).toContain(`history?${rawQuery}\n`);
    const decoded = { ...request, rawQuery: 'limit=5&marker=MTcwMDAwMDMwMA==&x=a/b+c' };
    expect(qiniuAuthorization('ak', 'sk', request)).not.toBe(qiniuAuthorization('ak', 'sk', decoded));
  });

  it('adds no "?" when the query is empty', () => {
    const data = qiniuSigningData({ method: 'GET', path: '/p', rawQuery: '', host: 'h', contentType: FORM });
    expect(data.toString()).toBe(`GET /p\nHost: h\nContent-Type: ${FORM}\n\n`);
  });

  it('signs a non-ASCII hub in its percent-encoded form, as sent', () => {
    const path = `/v2/hubs/${encodeURIComponent('直播空间')}/stat/play`;
    const data = qiniuSigningData({ method: 'GET', path, host: 'pili.qiniuapi.com', contentType: FORM });
    expect(data.toString('latin1')).toContain(
      'GET /v2/hubs/%E7%9B%B4%E6%92%AD%E7%A9%BA%E9%97%B4/stat/play\n',
    );
  });

  describe('body rules', () => {
    const head = { method: 'POST', path: '/p', host: 'h' };
    const body = 'a=1&b=2';

    it('signs the body when it has a type other than application/octet-stream', () => {
      expect(qiniuSigningData({ ...head, contentType: FORM, body }).toString()).toBe(
        `POST /p\nHost: h\nContent-Type: ${FORM}\n\n${body}`,
      );
    });

    it('leaves an application/octet-stream body out but keeps its Content-Type line', () => {
      expect(qiniuSigningData({ ...head, contentType: 'application/octet-stream', body }).toString()).toBe(
        'POST /p\nHost: h\nContent-Type: application/octet-stream\n\n',
      );
    });

    it('leaves the body and the Content-Type line out when there is no type', () => {
      expect(qiniuSigningData({ ...head, body }).toString()).toBe('POST /p\nHost: h\n\n');
      expect(qiniuSigningData({ ...head, contentType: '', body }).toString()).toBe('POST /p\nHost: h\n\n');
    });

    it('treats an empty body as no body, and bytes the same as the equal string', () => {
      expect(qiniuSigningData({ ...head, contentType: FORM, body: '' }).toString()).toBe(
        `POST /p\nHost: h\nContent-Type: ${FORM}\n\n`,
      );
      const text = '{"名":"値"}';
      expect(
        qiniuAuthorization('ak', 'sk', {
          ...head,
          contentType: 'application/json',
          body: new TextEncoder().encode(text),
        }),
      ).toBe(qiniuAuthorization('ak', 'sk', { ...head, contentType: 'application/json', body: text }));
    });
  });

  it('never puts the secret key into the token or the signed data', () => {
    const secretKey = 'SK-do-not-leak-7f3a9c';
    const request = { method: 'GET', path: '/v2/hubs/h/stat/play', host: 'h', contentType: FORM };
    expect(qiniuAuthorization('AK1', secretKey, request)).not.toContain(secretKey);
    expect(qiniuSigningData(request).toString()).not.toContain(secretKey);
    expect(qiniuAuthorization('AK1', secretKey, request)).toMatch(/^Qiniu AK1:[A-Za-z0-9_-]{27}=$/);
  });
});
