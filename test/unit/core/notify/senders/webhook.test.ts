import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookSender } from '../../../../../electron/core/notify/senders/webhook.ts';
import { useCaptureServers, type CapturedRequest } from '../../../../helpers/capture-server.ts';
import { closedMessage, openedMessage } from '../../../../helpers/contact-message-fixture.ts';
import { common, sendOnce } from './send-request.ts';

// Standard Webhooks, verified here with code written from the specification (standardwebhooks.com), not
// with the package the sender signs with: HMAC-SHA256 over "<id>.<timestamp>.<body>" keyed with the
// base64-decoded part of the secret after "whsec_", sent as "v1,<base64>".

const KEY = Buffer.from('a 24-byte signing key!!!');
const SECRET = `whsec_${KEY.toString('base64')}`;

function verify(request: CapturedRequest, key: Buffer): boolean {
  const id = String(request.headers['webhook-id']);
  const timestamp = String(request.headers['webhook-timestamp']);
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest();
  return String(request.headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [version, signature] = entry.split(',');
      if (version !== 'v1' || signature === undefined) return false;
      const given = Buffer.from(signature, 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe('webhook contact point (Standard Webhooks)', () => {
  const server = useCaptureServers();

  it('signs each message so the receiver can verify it with the shared secret', async () => {
    const hook = await server();
    const result = await sendOnce(
      webhookSender,
      { ...common, id: 'oncall', type: 'webhook', url: `${hook.origin}/hooks/streamtray` },
      SECRET,
    );
    expect(result).toMatchObject({ outcome: 'sent', status: 200 });
    const [request] = hook.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hooks/streamtray');
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(request && verify(request, KEY)).toBe(true);
    expect(request && verify(request, Buffer.from('another key entirely'))).toBe(false);
    expect(request?.headers['webhook-timestamp']).toBe(
      String(Math.floor(Date.UTC(2025, 0, 6, 12, 0, 6) / 1000)),
    );
  });

  it('sends the documented body, with every field present and null where there is no value', async () => {
    const hook = await server();
    await sendOnce(
      webhookSender,
      { ...common, id: 'oncall', type: 'webhook', url: hook.origin },
      SECRET,
      closedMessage(),
    );
    expect(JSON.parse(hook.requests[0]?.body ?? '')).toEqual({
      type: 'incident.closed',
      timestamp: '2025-01-06T12:00:05.000Z',
      data: {
        incidentId: 42,
        source: { id: 'wms', name: 'Main WMSPanel', provider: 'wmspanel' },
        subject: { kind: 'stream', name: 'edge.example.com/live/keynote' },
        severity: 'critical',
        title: 'Stream back on Main WMSPanel',
        body: 'edge.example.com/live/keynote is back after 4:12',
        openedAt: '2025-01-06T12:00:00.000Z',
        closedAt: '2025-01-06T12:04:12.000Z',
        downtimeSeconds: 252,
        viewersAffected: 2400,
      },
    });
  });

  it('keeps the same webhook-id on a retry, with a fresh timestamp and signature', async () => {
    const hook = await server();
    const point = { ...common, id: 'oncall', type: 'webhook' as const, url: hook.origin };
    await sendOnce(webhookSender, point, SECRET, openedMessage(), Date.UTC(2025, 0, 6, 12, 0, 6));
    await sendOnce(webhookSender, point, SECRET, openedMessage(), Date.UTC(2025, 0, 6, 12, 1, 6));
    const [first, second] = hook.requests;
    expect(first?.headers['webhook-id']).toBe(openedMessage().id);
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(second?.headers['webhook-timestamp']).not.toBe(first?.headers['webhook-timestamp']);
    expect(second && verify(second, KEY)).toBe(true);
  });

  it('refuses a secret that is not a whsec_ key instead of sending unsigned', async () => {
    const hook = await server();
    const result = await sendOnce(
      webhookSender,
      { ...common, id: 'oncall', type: 'webhook', url: hook.origin },
      'hunter2hunter2',
    );
    expect(result.outcome).toBe('failed');
    expect(result.error).toMatch(/whsec_/);
    expect(hook.requests).toHaveLength(0);
  });

  it('retries on 5xx and 429 with Retry-After, and fails at once on another 4xx keeping the answer', async () => {
    const hook = await server();
    const point = { ...common, id: 'oncall', type: 'webhook' as const, url: hook.origin };
    hook.answer = () => ({ status: 503, body: 'maintenance' });
    expect(await sendOnce(webhookSender, point, SECRET)).toMatchObject({ outcome: 'retry', status: 503 });
    hook.answer = () => ({ status: 429, headers: { 'retry-after': '120' } });
    expect(await sendOnce(webhookSender, point, SECRET)).toMatchObject({
      outcome: 'retry',
      status: 429,
      retryAfterMs: 120_000,
    });
    hook.answer = () => ({ status: 410, body: '{"error":"endpoint disabled"}' });
    expect(await sendOnce(webhookSender, point, SECRET)).toMatchObject({
      outcome: 'failed',
      status: 410,
      answer: '{"error":"endpoint disabled"}',
      error: 'HTTP 410: {"error":"endpoint disabled"}',
    });
  });
});
