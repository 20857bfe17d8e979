import { createHmac } from 'node:crypto';

/** The parts of a request a Qiniu management token covers, as they are sent on the wire. */
export interface QiniuSignedRequest {
  method: string;
  /** The path exactly as sent, percent-encoding included (`/v2/hubs/%E7%9B%B4/stat/play`). */
  path: string;
  /** The query exactly as sent, without `?`; empty or absent when there is none. */
  rawQuery?: string | undefined;
  /** The Host header: `:port` included when it is not the scheme's default (URL.host gives exactly that). */
  host: string;
  contentType?: string | undefined;
  body?: string | Uint8Array | undefined;
}

// Bodies of these types are not signed: the server cannot know how to canonicalise them.
const UNSIGNED_BODY_TYPE = 'application/octet-stream';

/** The bytes HMAC-SHA1 is computed over (docs/providers.md, Qiniu). */
export function qiniuSigningData(request: QiniuSignedRequest): Buffer {
  let head = `${request.method} ${request.path}`;
  if (request.rawQuery) head += `?${request.rawQuery}`;
  head += `\nHost: ${request.host}`;
  const contentType = request.contentType ?? '';
  if (contentType !== '') head += `\nContent-Type: ${contentType}`;
  head += '\n\n';
  const parts = [Buffer.from(head, 'utf8')];
  const body = request.body;
  if (body !== undefined && body.length > 0 && contentType !== '' && contentType !== UNSIGNED_BODY_TYPE) {
    parts.push(typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body));
  }
  return Buffer.concat(parts);
}

/** `Qiniu <AccessKey>:<urlsafe-base64(HMAC-SHA1)>`, `=` padding kept as the official SDKs do. */
export function qiniuAuthorization(
  accessKey: string,
  secretKey: string,
  request: QiniuSignedRequest,
): string {
  const digest = createHmac('sha1', secretKey).update(qiniuSigningData(request)).digest('base64');
  return `Qiniu ${accessKey}:${digest.replace(/\+/g, '-').replace(/\//g, '_')}`;
}
