import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertEvent } from '../../shared/alerts.ts';
import { openAlertLog, type AlertLog } from '../../electron/core/store/alert-log.ts';
import {
  startWebhookListener,
  type WebhookListener,
  type WebhookListenerOptions,
  type WebhookLogEntry,
} from '../../electron/core/webhooks/webhook-listener.ts';

export const TOKEN = 'tok-7f3a9c1e55d24b0b';
export const SOURCE = 'wms';

/** The test's own digest, from the document's formula: hex MD5 of time followed by token. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export function wmsTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export interface Harness {
  dir: string;
  log: AlertLog;
  listener: WebhookListener;
  /** Events the log stored from accepted deliveries (repeats excluded), as its consumer hears them. */
  accepted(): AlertEvent[];
  logged: WebhookLogEntry[];
  clock: { now: number };
  url: string;
  /** Closes the listener and the log, keeping the files (for restart tests). */
  stop(): Promise<void>;
  /** Stops and deletes the data directory. */
  dispose(): Promise<void>;
}

export async function startHarness(
  overrides: Partial<WebhookListenerOptions> & { dir?: string } = {},
): Promise<Harness> {
  const dir = overrides.dir ?? mkdtempSync(join(tmpdir(), 'streamtray-webhook-'));
  const log = openAlertLog(dir);
  const stored: AlertEvent[] = [];
  log.onStored(
    (events) => stored.push(...events),
    (error) => {
      throw error;
    },
  );
  const logged: WebhookLogEntry[] = [];
  const clock = { now: Date.UTC(2024, 4, 1, 12, 0, 0) };
  const listener = await startWebhookListener({
    port: 0,
    tokens: (id) => (id === SOURCE ? TOKEN : id === 'no-token' ? undefined : null),
    alertLog: log,
    now: () => clock.now,
    log: (entry) => logged.push(entry),
    ...overrides,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await listener.close();
    log.close();
  };
  return {
    dir,
    log,
    listener,
    accepted: () => {
      log.drainToConsumer();
      return stored;
    },
    logged,
    clock,
    url: `${listener.origin}/webhooks/${SOURCE}`,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawAnswer {
  status: number;
  /** Everything after the status line: headers and body. */
  text: string;
  /** True when the server closed the connection without any answer. */
  dropped: boolean;
}

/**
 * Writes raw bytes to the listener and reads until it closes the connection. `chunks` with `gapMs`
 * between them simulate a slow client.
 */
export function rawRequest(
  port: number,
  chunks: readonly (string | Buffer)[],
  options: { gapMs?: number; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(received).toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : 0, text, dropped: !match });
    };
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('close', finish);
    socket.on('error', () => {
      // A reset after the answer is normal for refused requests; `close` reports what was read.
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('raw request: the server neither answered nor closed the connection'));
    }, options.timeoutMs ?? 10_000);
    void (async () => {
      for (const [index, chunk] of chunks.entries()) {
        if (index > 0 && options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        if (socket.destroyed) return;
        socket.write(chunk);
      }
    })();
  });
}

/** A complete HTTP/1.1 request with `Connection: close`. */
export function httpRequest(input: {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Buffer {
  const body =
    typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : (input.body ?? Buffer.alloc(0));
  const headers = {
    host: '127.0.0.1',
    connection: 'close',
    'content-length': String(body.length),
    ...input.headers,
  };
  const head = `${input.method ?? 'POST'} ${input.path ?? `/webhooks/${SOURCE}`} HTTP/1.1\r\n${Object.entries(
    headers,
  )
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** A correctly signed stream event body at the given time. */
export function signedStreamBody(
  ms: number,
  stream: string,
  status: 'online' | 'offline' = 'offline',
  token = TOKEN,
): string {
  const time = wmsTime(ms);
  return JSON.stringify({
    time,
    digest: md5Hex(time + token),
    stream,
    status,
    checkpoints: ['New York, USA'],
  });
}
