import { afterEach, describe, expect, it } from 'vitest';
import { createCoreMetrics } from '../../electron/core/metrics/core-metrics.ts';
import { createWebhookSender } from '../../electron/simulators/webhook-sender/webhook-sender.ts';
import { parseExposition } from '../helpers/prometheus-exposition.ts';
import { startHarness, TOKEN, type Harness } from '../helpers/webhook-harness.ts';

// The webhook listener tells an observer (the metrics) how it answered each request and how long that
// took, so a team can graph refusals and latency in Prometheus.

interface Heard {
  status: number;
  duplicate: boolean;
  seconds: number;
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

async function until(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('webhook listener: answer observer', () => {
  it('reports each answer with its status, whether it was a repeat, and its time in seconds', async () => {
    const heard: Heard[] = [];
    harness = await startHarness({
      onAnswered: (answer, seconds) => heard.push({ ...answer, seconds }),
    });
    const h = harness;
    const sender = createWebhookSender({ url: h.url, token: TOKEN, now: () => h.clock.now });
    const first = await sender.streamEvent({ stream: 'rtmp://example.com/live/a', status: 'offline' });
    await sender.replay(first);
    const forged = createWebhookSender({ url: h.url, token: 'not-the-token', now: () => h.clock.now });
    await forged.streamEvent({ stream: 'rtmp://example.com/live/a', status: 'online' });
    await fetch(`${h.listener.origin}/webhooks/nobody`, { method: 'POST', body: '{}' });

    await until('four answers', () => heard.length === 4);
    expect(heard.map(({ status, duplicate }) => [status, duplicate])).toEqual([
      [204, false],
      [204, true],
      [401, false],
      [404, false],
    ]);
    for (const { seconds } of heard) {
      expect(Number.isFinite(seconds)).toBe(true);
      expect(seconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('feeds the Prometheus webhook counters and latency histogram', async () => {
    const metrics = createCoreMetrics({
      processMetrics: false,
      snapshot: () => ({
        at: 0,
        paused: false,
        sources: [],
        total: { viewers: null, bandwidthBps: null },
        openIncidents: [],
        glance: { viewers: null, bandwidthBps: null, state: 'idle', openIncidents: 0 },
      }),
    });
    harness = await startHarness({ onAnswered: metrics.webhookAnswered });
    const h = harness;
    const sender = createWebhookSender({ url: h.url, token: TOKEN, now: () => h.clock.now });
    const first = await sender.streamEvent({ stream: 'rtmp://example.com/live/b', status: 'offline' });
    await sender.replay(first);
    await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"time":1}',
    });

    let m = parseExposition('');
    await until('three answers counted', async () => {
      m = parseExposition(await metrics.scrape());
      return m.value('streamtray_webhook_response_duration_seconds_count') === 3;
    });
    const outcome = (name: string) => m.value('streamtray_webhook_deliveries_total', { outcome: name });
    expect([
      outcome('accepted'),
      outcome('duplicate'),
      outcome('invalid_body'),
      outcome('bad_digest'),
    ]).toEqual([1, 1, 1, 0]);
  });
});
