import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SimRequest } from '../common/sim-server.ts';

// The simulator's own reading of Pili's token rules, written from the document and deliberately not
// shared with the client: if the client's signer were wrong, a shared one would agree with it.

/** Rebuilds "<METHOD> <path>[?query]\nHost: …[\nContent-Type: …]\n\n[body]" from the raw request. */
function signedBytes(request: SimRequest): Buffer {
  const host = request.headers.host ?? '';
  const type = request.headers['content-type'] ?? '';
  const lines = [
    `${request.method} ${request.rawPath}${request.rawQuery === '' ? '' : `?${request.rawQuery}`}`,
  ];
  lines.push(`Host: ${host}`);
  if (type !== '') lines.push(`Content-Type: ${type}`);
  const head = Buffer.from(`${lines.join('\n')}\n\n`, 'utf8');
  const bodySigned = request.body.length > 0 && type !== '' && type !== 'application/octet-stream';
  return bodySigned ? Buffer.concat([head, request.body]) : head;
}

/** Whether the Authorization header is `Qiniu <accessKey>:<sign>` with the right HMAC-SHA1 of the request. */
export function verifyQiniuToken(request: SimRequest, accessKey: string, secretKey: string): boolean {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Qiniu ')) return false;
  const credential = header.slice('Qiniu '.length);
  const colon = credential.lastIndexOf(':');
  if (colon <= 0) return false;
  if (credential.slice(0, colon) !== accessKey) return false;
  const expected = Buffer.from(
    createHmac('sha1', secretKey)
      .update(signedBytes(request))
      .digest('base64')
      .replaceAll('+', '-')
      .replaceAll('/', '_'),
  );
  const given = Buffer.from(credential.slice(colon + 1));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
