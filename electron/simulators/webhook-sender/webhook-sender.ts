import { createHash } from 'node:crypto';
import { request } from 'node:http';

// WMSPanel's push side, simulated: the Dispersa stream alerts and the server-offline notification, as
// the two provider documents describe them. The digest is computed here from the documents
// (hex MD5 of the time string followed by the token), independently of the listener's verifier.

/** One delivery: the exact bytes sent and what the listener answered. */
export interface Delivery {
  status: number;
  /** The body sent, byte for byte (replay it with `replay`). */
  body: string;
  /** The listener's answer body ('' for 204). */
  response: string;
}

export interface WebhookSender {
  streamEvent(input: {
    stream: string;
    status: 'online' | 'offline';
    checkpoints?: string[];
    time?: string;
  }): Promise<Delivery>;
  serverOffline(input: { server: string; time?: string }): Promise<Delivery>;
  /** A stream event signed with a token that is not the listener's: must be refused with 401. */
  forged(input?: { stream?: string; time?: string }): Promise<Delivery>;
  /** A correctly signed stream event whose time is `ageSeconds` (default 3600) old: must be refused with 403. */
  stale(input?: { stream?: string; ageSeconds?: number }): Promise<Delivery>;
  /** Sends an earlier delivery's body again unchanged, as an attacker who captured it would. */
  replay(delivery: Pick<Delivery, 'body'>): Promise<Delivery>;
  /** A signed stream event padded past 64 KiB: must be refused with 413. */
  oversized(input?: { bytes?: number }): Promise<Delivery>;
}

export interface WebhookSenderOptions {
  /** The handler URL an operator pastes into WMSPanel, e.g. `http://127.0.0.1:8787/webhooks/wms`. */
  url: string;
  token: string;
  now?: () => number;
  /** WMSPanel documents no Content-Type; the default sends `application/json`. */
  contentType?: string | null;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** WMSPanel's time format, `2014-10-16 03:13:31 UTC`. */
export function wmspanelTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** `MD5(time + token)` as lower-case hex, as the documents define the digest. */
export function wmspanelDigest(time: string, token: string): string {
  return createHash('md5')
    .update(Buffer.from(time + token, 'utf8'))
    .digest('hex');
}

/** POSTs bytes with node:http so the exact body, headers and a large upload are under our control. */
export function post(
  url: string,
  body: string,
  contentType: string | null,
): Promise<{ status: number; response: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(body)) };
    if (contentType !== null) headers['content-type'] = contentType;
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, response: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const now = options.now ?? Date.now;
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;

  async function send(body: string): Promise<Delivery> {
    const { status, response } = await post(options.url, body, contentType);
    return { status, body, response };
  }

  function streamBody(
    input: { stream: string; status: 'online' | 'offline'; checkpoints?: string[]; time?: string },
    token: string,
  ): string {
    const time = input.time ?? wmspanelTime(now());
    // Field order and spacing as in the Dispersa document's example.
    return JSON.stringify({
      time,
      digest: wmspanelDigest(time, token),
      stream: input.stream,
      status: input.status,
      checkpoints:
        input.checkpoints ?? (input.status === 'offline' ? ['New York, USA', 'Private Checkpoint'] : []),
    });
  }

  return {
    streamEvent: (input) => send(streamBody(input, options.token)),
    serverOffline: (input) => {
      const time = input.time ?? wmspanelTime(now());
      return send(
        JSON.stringify({
          time,
          digest: wmspanelDigest(time, options.token),
          server: input.server,
          status: 'offline',
        }),
      );
    },
    forged: (input = {}) =>
      send(
        streamBody(
          {
            stream: input.stream ?? 'rtmp://example.com/monitored/forged',
            status: 'offline',
            time: input.time,
          },
          `${options.token}-not-it`,
        ),
      ),
    stale: (input = {}) =>
      send(
        streamBody(
          {
            stream: input.stream ?? 'rtmp://example.com/monitored/stale',
            status: 'offline',
            time: wmspanelTime(now() - (input.ageSeconds ?? 3600) * 1000),
          },
          options.token,
        ),
      ),
    replay: (delivery) => send(delivery.body),
    oversized: (input = {}) => {
      const json = streamBody(
        { stream: 'rtmp://example.com/monitored/oversized', status: 'offline' },
        options.token,
      );
      // JSON allows trailing whitespace, so the body stays valid and signed: only its size is wrong.
      return send(`${json}${' '.repeat(Math.max(0, (input.bytes ?? 70 * 1024) - json.length))}`);
    },
  };
}
