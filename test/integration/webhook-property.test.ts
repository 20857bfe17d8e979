import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSender } from '../../electron/simulators/webhook-sender/webhook-sender.ts';
import {
  httpRequest,
  md5Hex,
  startHarness,
  TOKEN,
  wmsTime,
  type Harness,
} from '../helpers/webhook-harness.ts';

// Throws arbitrary bytes, JSON, headers and methods at a live listener: it must never crash, never
// answer 5xx, and never store an event whose digest was wrong.

let h: Harness;
beforeAll(async () => {
  // Short timeouts so that a generated request the server must wait on cannot stall the run.
  h = await startHarness({ headersTimeoutMs: 400, requestTimeoutMs: 800 });
});
afterAll(async () => {
  await h.dispose();
});

/** Sends bytes on a fresh connection; `end` closes our side at once (for non-HTTP garbage). */
function exchange(port: number, bytes: Buffer, end: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer and no close within 5 s'));
    }, 5000);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const match = /^HTTP\/1\.1 (\d{3})/.exec(Buffer.concat(received).toString('latin1'));
      resolve(match ? Number(match[1]) : 0);
    });
    if (end) socket.end(bytes);
    else socket.write(bytes);
  });
}

const hex32 = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 32, maxLength: 32 });
const headerName = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/)
  .filter(
    (name) => !['content-length', 'transfer-encoding', 'connection', 'host'].includes(name.toLowerCase()),
  );
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});
const headers = fc.oneof(
  fc.constant({}),
  fc.dictionary(headerName, headerValue, { maxKeys: 5 }),
  fc.record({
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/xml',
      'text/plain; charset=utf-8',
      '',
    ),
  }),
);
const method = fc.oneof(
  fc.constant('POST'),
  fc.constant('POST'),
  fc.constantFrom('GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH'),
  fc.stringMatching(/^[A-Z]{1,10}$/),
);
const path = fc.oneof(
  fc.constant('/webhooks/wms'),
  fc.constant('/webhooks/wms'),
  fc.constantFrom('/webhooks/other', '/', '/webhooks/wms?x=1', '/webhooks/../wms'),
  fc.webPath(),
);

/** A plausible event: fields may be right or wrong, digest right (for its time) or not. */
const event = fc
  .record({
    offsetSeconds: fc.integer({ min: -400, max: 400 }),
    digestKind: fc.constantFrom('right', 'right', 'wrong-token', 'random'),
    randomDigest: hex32,
    kind: fc.constantFrom('stream', 'server'),
    name: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('rtmp://example.com/live/a')),
    status: fc.oneof(fc.constantFrom('online', 'offline'), fc.string({ maxLength: 8 })),
    checkpoints: fc.option(
      fc.oneof(fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }), fc.jsonValue()),
      { nil: undefined },
    ),
    extra: fc.option(
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      { nil: undefined },
    ),
  })
  .map((e) => {
    const time = wmsTime(h.clock.now + e.offsetSeconds * 1000);
    const digest =
      e.digestKind === 'right'
        ? md5Hex(time + TOKEN)
        : e.digestKind === 'wrong-token'
          ? md5Hex(`${time}x${TOKEN}`)
          : e.randomDigest;
    const body = {
      ...e.extra,
      time,
      digest,
      [e.kind]: e.name,
      status: e.status,
      ...(e.checkpoints === undefined ? {} : { checkpoints: e.checkpoints }),
    };
    return { body: JSON.stringify(body), digestRight: digest.toLowerCase() === md5Hex(time + TOKEN) };
  });

const payload = fc.oneof(
  { weight: 4, arbitrary: event.map((e) => ({ bytes: Buffer.from(e.body), digestRight: e.digestRight })) },
  {
    weight: 2,
    arbitrary: fc
      .jsonValue()
      .map((j) => ({ bytes: Buffer.from(JSON.stringify(j) ?? ''), digestRight: false })),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ bytes: Buffer.from(b), digestRight: false })),
  },
);

const scenario = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({ method, path, headers, payload }).map((s) => ({
      kind: 'http' as const,
      bytes: httpRequest({ method: s.method, path: s.path, headers: s.headers, body: s.payload.bytes }),
      digestRight: s.payload.digestRight,
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 400 })
      .map((b) => ({ kind: 'garbage' as const, bytes: Buffer.from(b), digestRight: false })),
  },
);

describe('webhook listener under arbitrary input', () => {
  it('never crashes, never answers 5xx, never stores an event with a wrong digest', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const status = await exchange(h.listener.port, s.bytes, s.kind === 'garbage');
        expect(status).toBeLessThan(500);
        if (s.kind === 'http') expect(status, 'an HTTP request always gets an answer').toBeGreaterThan(0);
        if (status === 204) {
          expect(s.digestRight, 'accepted a wrong digest').toBe(true);
          accepted += 1;
        }
      }),
      { numRuns: 10_000 },
    );

    // Still serving, and everything stored carries a digest made with the token.
    const sender = createWebhookSender({ url: h.url, token: TOKEN, now: () => h.clock.now });
    expect((await sender.streamEvent({ stream: 'after-the-storm', status: 'offline' })).status).toBe(204);
    const stored = h.log.list();
    expect(accepted, 'the valid path must be exercised too').toBeGreaterThan(50);
    expect(stored.length).toBeGreaterThan(50);
    for (const e of stored) expect(e.delivery && md5Hex(e.delivery.time + TOKEN)).toBe(e.delivery?.digest);
    expect(h.log.integrityCheck()).toBe('ok');
  }, 240_000);
});
