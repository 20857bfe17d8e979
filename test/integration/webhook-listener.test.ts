import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSender } from '../../electron/simulators/webhook-sender/webhook-sender.ts';
import {
  httpRequest,
  md5Hex,
  rawRequest,
  signedStreamBody,
  startHarness,
  SOURCE,
  TOKEN,
  wmsTime,
  type Harness,
} from '../helpers/webhook-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

async function start(overrides: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  harness = await startHarness(overrides);
  return harness;
}

function sender(h: Harness, contentType?: string | null) {
  return createWebhookSender({ url: h.url, token: TOKEN, now: () => h.clock.now, contentType });
}

function errorOf(response: string): string {
  return (JSON.parse(response) as { error: string }).error;
}

describe('webhook listener: accepted deliveries', () => {
  it('answers 204 to a signed stream event, logs it and hands it to the engine', async () => {
    const h = await start();
    const delivery = await sender(h).streamEvent({
      stream: 'rtmp://example.com/live/main',
      status: 'offline',
      checkpoints: ['New York, USA', 'Private Checkpoint'],
    });
    expect(delivery.status).toBe(204);
    const [event] = h.log.list();
    expect(event).toMatchObject({
      sourceId: SOURCE,
      subject: { kind: 'stream', name: 'rtmp://example.com/live/main' },
      status: 'offline',
      origin: 'webhook',
      occurredAt: h.clock.now,
      receivedAt: h.clock.now,
      checkpoints: ['New York, USA', 'Private Checkpoint'],
    });
    expect(h.accepted().map((e) => e.id)).toEqual([event?.id]);
  });

  it('accepts a server-offline event', async () => {
    const h = await start();
    expect((await sender(h).serverOffline({ server: 'edge1.example.com' })).status).toBe(204);
    expect(h.log.list()[0]?.subject).toEqual({ kind: 'server', name: 'edge1.example.com' });
  });

  it.each([['application/json'], ['text/plain'], ['application/json; charset=utf-8'], [null]])(
    'accepts content type %s',
    async (type) => {
      const h = await start();
      expect((await sender(h, type).streamEvent({ stream: 's', status: 'online' })).status).toBe(204);
    },
  );

  it('refuses other content types with 415', async () => {
    const h = await start();
    const answer = await sender(h, 'application/x-www-form-urlencoded').streamEvent({
      stream: 's',
      status: 'online',
    });
    expect(answer.status).toBe(415);
    expect(h.log.list()).toHaveLength(0);
  });

  it('keeps many streams failing in the same second as distinct events, though they share one digest', async () => {
    const h = await start();
    const s = sender(h);
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        s.streamEvent({ stream: `rtmp://example.com/live/s${i}`, status: 'offline' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(25).fill(204));
    expect(new Set(answers.map((a) => (JSON.parse(a.body) as { digest: string }).digest)).size).toBe(1);
    expect(h.log.list()).toHaveLength(25);
    expect(h.accepted()).toHaveLength(25);
  });

  it('answers a repeat 204 and stores nothing new, also after a restart', async () => {
    const h = await start();
    const s = sender(h);
    const first = await s.streamEvent({ stream: 'rtmp://example.com/live/a', status: 'offline' });
    expect((await s.replay(first)).status).toBe(204);
    expect(h.log.list()).toHaveLength(1);
    expect(h.accepted()).toHaveLength(1);

    await h.stop();
    const again = await startHarness({ dir: h.dir });
    harness = again;
    again.clock.now = h.clock.now;
    expect((await sender(again).replay(first)).status).toBe(204);
    expect(again.log.list()).toHaveLength(1);
    expect(again.accepted()).toHaveLength(0);
  });

  it('treats the same stream going online after offline in the same second as two events', async () => {
    const h = await start();
    const s = sender(h);
    await s.streamEvent({ stream: 'x', status: 'offline' });
    await s.streamEvent({ stream: 'x', status: 'online' });
    expect(h.log.list().map((e) => e.status)).toEqual(['offline', 'online']);
  });
});

describe('webhook listener: refused deliveries', () => {
  it('400 for malformed JSON', async () => {
    const h = await start();
    const answer = await rawRequest(h.listener.port, [httpRequest({ body: '{"time": "2024-' })]);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('not valid JSON');
  });

  it('400 naming the wrong field', async () => {
    const h = await start();
    const time = wmsTime(h.clock.now);
    const cases: [object, string][] = [
      [
        { time, digest: md5Hex(time + TOKEN), stream: 's', status: 'down' },
        'status: expected \\"online\\" or \\"offline\\"',
      ],
      [
        { time: '2024-05-01T12:00:00Z', digest: md5Hex(time + TOKEN), stream: 's', status: 'offline' },
        'time: expected',
      ],
      [{ time, digest: 'xyz', stream: 's', status: 'offline' }, 'digest: expected 32 hexadecimal characters'],
      [
        { time, digest: md5Hex(time + TOKEN), stream: 's', status: 'offline', checkpoints: [1] },
        'checkpoints[0]',
      ],
      [
        { time, digest: md5Hex(time + TOKEN), server: 'e', status: 'online' },
        'status: expected \\"offline\\"',
      ],
      [{ time, digest: md5Hex(time + TOKEN), status: 'offline' }, 'stream: required'],
    ];
    for (const [body, field] of cases) {
      const answer = await rawRequest(h.listener.port, [httpRequest({ body: JSON.stringify(body) })]);
      expect(answer.status, field).toBe(400);
      expect(answer.text).toContain(field);
    }
    const impossible = '2023-02-30 12:00:00 UTC';
    const answer = await rawRequest(h.listener.port, [
      httpRequest({
        body: JSON.stringify({
          time: impossible,
          digest: md5Hex(impossible + TOKEN),
          stream: 's',
          status: 'offline',
        }),
      }),
    ]);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('time: not a real calendar date');
    expect(h.log.list()).toHaveLength(0);
  });

  it('401 for a digest made with another token, without revealing the token', async () => {
    const h = await start();
    const answer = await sender(h).forged();
    expect(answer.status).toBe(401);
    expect(errorOf(answer.response)).toContain('digest does not match');
    expect(answer.response).not.toContain(TOKEN);
    expect(JSON.stringify(h.logged)).not.toContain(TOKEN);
    expect(h.log.list()).toHaveLength(0);
  });

  it('403 for a stale or future time, even when signed correctly', async () => {
    const h = await start({ freshnessSeconds: 120 });
    const s = sender(h);
    const stale = await s.stale({ ageSeconds: 121 });
    expect(stale.status).toBe(403);
    expect(errorOf(stale.response)).toMatch(/121 s in the past/);
    const future = await s.streamEvent({
      stream: 's',
      status: 'offline',
      time: wmsTime(h.clock.now + 125_000),
    });
    expect(future.status).toBe(403);
    expect(errorOf(future.response)).toMatch(/in the future/);
    // Just inside the window is fine.
    expect((await s.stale({ ageSeconds: 119 })).status).toBe(204);
    expect(h.log.list()).toHaveLength(1);
  });

  it('403 for a replay once the freshness window has passed', async () => {
    const h = await start();
    const s = sender(h);
    const first = await s.streamEvent({ stream: 'a', status: 'offline' });
    h.clock.now += 301_000;
    expect((await s.replay(first)).status).toBe(403);
  });

  it('403 for a request with an Origin header (a browser)', async () => {
    const h = await start();
    const answer = await rawRequest(h.listener.port, [
      httpRequest({ headers: { origin: 'https://evil.example' }, body: signedStreamBody(h.clock.now, 's') }),
    ]);
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('Origin');
    expect(h.log.list()).toHaveLength(0);
  });

  it('404 for an unknown source, a source without a token, or another path', async () => {
    const h = await start();
    for (const path of [
      '/webhooks/other',
      '/webhooks/no-token',
      '/',
      '/webhooks/',
      '/webhooks/wms/extra',
      '/api/status',
    ]) {
      const answer = await rawRequest(h.listener.port, [
        httpRequest({ path, body: signedStreamBody(h.clock.now, 's') }),
      ]);
      expect(answer.status, path).toBe(404);
    }
    expect(h.logged.find((l) => l.sourceId === 'no-token')?.message).toBe('source has no webhook token set');
  });

  it('405 for other methods, naming POST', async () => {
    const h = await start();
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const answer = await rawRequest(h.listener.port, [httpRequest({ method, body: '' })]);
      expect(answer.status, method).toBe(405);
      expect(answer.text.toLowerCase()).toContain('allow: post');
    }
  });

  it('413 for a body over 64 KiB, declared or streamed', async () => {
    const h = await start();
    expect((await sender(h).oversized()).status).toBe(413);
    const chunked = await rawRequest(h.listener.port, [
      `POST /webhooks/${SOURCE} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
      `10000\r\n${' '.repeat(0x10000)}\r\n`,
      `10\r\n${' '.repeat(16)}\r\n0\r\n\r\n`,
    ]);
    expect(chunked.status).toBe(413);
    const declared = await rawRequest(h.listener.port, [
      `POST /webhooks/${SOURCE} HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n`,
    ]);
    expect(declared.status).toBe(413);
    expect(h.log.list()).toHaveLength(0);
  });

  it('431 for headers over 8 KiB', async () => {
    const h = await start();
    const answer = await rawRequest(h.listener.port, [
      httpRequest({ headers: { 'x-padding': 'a'.repeat(9000) }, body: signedStreamBody(h.clock.now, 's') }),
    ]);
    expect(answer.status).toBe(431);
  });

  it('408 for headers that arrive too slowly', async () => {
    const h = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const started = Date.now();
    const answer = await rawRequest(h.listener.port, [`POST /webhooks/${SOURCE} HTTP/1.1\r\nHost: x\r\n`]);
    expect(answer.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('408 for a body that arrives too slowly', async () => {
    const h = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const body = signedStreamBody(h.clock.now, 's');
    const answer = await rawRequest(h.listener.port, [
      `POST /webhooks/${SOURCE} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`,
      body.slice(0, 10),
    ]);
    expect(answer.status).toBe(408);
    expect(h.log.list()).toHaveLength(0);
  });

  it('caps concurrent connections, refusing a new one only while every connection carries a request', async () => {
    const h = await start({ maxConnections: 2 });
    // Both connections are busy: their headers arrived and the body is still on its way.
    const open = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<ReturnType<typeof connect>>((resolve) => {
            const socket = connect(h.listener.port, '127.0.0.1', () => {
              socket.write(`POST /webhooks/${SOURCE} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{`);
              resolve(socket);
            });
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    const third = await rawRequest(h.listener.port, [
      httpRequest({ body: signedStreamBody(h.clock.now, 's') }),
    ]);
    expect(third.dropped).toBe(true);
    for (const socket of open) socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const fourth = await rawRequest(h.listener.port, [
      httpRequest({ body: signedStreamBody(h.clock.now, 's') }),
    ]);
    expect(fourth.status).toBe(204);
  });

  it('never puts the token in any answer or log line', async () => {
    const h = await start();
    const s = sender(h);
    const answers = [
      await s.forged(),
      await s.stale(),
      await s.oversized(),
      await s.streamEvent({ stream: TOKEN, status: 'offline', time: '2024-13-01 00:00:00 UTC' }),
    ];
    for (const answer of answers) expect(answer.response).not.toContain(TOKEN);
    expect(JSON.stringify(h.logged)).not.toContain(TOKEN);
  });
});
