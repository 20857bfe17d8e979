import { createHmac } from 'node:crypto';
import { phpJsonEncode, type PhpJsonObject, type PhpJsonValue } from './php-json-encode.ts';

export type ScaleEngineApp = string | number;

/** A viewer.log request, members in the order they are sent (the order is part of the signed bytes). */
export type ViewerLogRequest = {
  readonly command: 'viewer.log';
  readonly api_key: string;
  readonly timestamp: number;
  readonly cdn: number;
  readonly app: ScaleEngineApp | readonly ScaleEngineApp[];
  readonly graph: 1 | 2 | 3 | 4;
  readonly url?: string | readonly string[];
  readonly starttime?: string;
};

export interface SignedRequest {
  /** base64 HMAC-SHA256 of the PHP-encoded request without `signature`. */
  signature: string;
  /** The request PHP-encoded again with `"signature"` as its last member: the `json` form field. */
  body: string;
}

/**
 * Signs a ScaleEngine API request the way the official PHP example does: json_encode the request,
 * HMAC-SHA256 with the secret key, base64, then json_encode again with the signature appended. These
 * bytes verify whether the server strips the signature from the text or decodes and re-encodes.
 */
export function signRequest(request: PhpJsonObject, secretKey: string): SignedRequest {
  if (Object.hasOwn(request, 'signature')) throw new Error('the request already has a "signature" member');
  const signed = phpJsonEncode(request);
  const signature = createHmac('sha256', secretKey).update(signed, 'utf8').digest('base64');
  return { signature, body: phpJsonEncode({ ...request, signature }) };
}

export function signViewerLogRequest(request: ViewerLogRequest, secretKey: string): SignedRequest {
  // Optional members left undefined are not sent at all (PHP would encode them as null).
  const present: Record<string, PhpJsonValue> = {};
  for (const [key, value] of Object.entries(request) as [string, PhpJsonValue | undefined][]) {
    if (value !== undefined) present[key] = value;
  }
  return signRequest(present, secretKey);
}
