import { afterEach, describe, expect, it } from 'vitest';
import {
  startDashboardServer,
  type DashboardServer,
} from '../../electron/core/dashboard/dashboard-server.ts';
import { createCoreMetrics } from '../../electron/core/metrics/core-metrics.ts';
import { parseExposition } from '../helpers/prometheus-exposition.ts';
import {
  createEventBus,
  fakeHandlers,
  rawRequest,
  snapshotFixture,
} from '../unit/core/dashboard/fake-bridge.ts';

// `GET /metrics` on the dashboard listener, fed by the core's prom-client registry.

const servers: DashboardServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serveMetrics(metrics: () => Promise<string>, contentType?: string) {
  const logs: string[] = [];
  const server = await startDashboardServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: null,
    handlers: fakeHandlers({}),
    subscribe: createEventBus().subscribe,
    metrics,
    ...(contentType === undefined ? {} : { metricsContentType: contentType }),
    log: (message) => logs.push(message),
  });
  servers.push(server);
  return { server, logs };
}

describe('GET /metrics from the core registry', () => {
  it('serves what the registry renders, with the registry content type', async () => {
    const snapshot = snapshotFixture();
    const metrics = createCoreMetrics({ snapshot: () => snapshot, processMetrics: false });
    const { server } = await serveMetrics(() => metrics.scrape(), metrics.contentType);
    const res = await rawRequest(server.origin, { path: '/metrics' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(metrics.contentType);
    const m = parseExposition(res.body);
    for (const source of snapshot.sources)
      expect(m.find('streamtray_source_up', { source: source.id, provider: source.provider })).toHaveLength(
        1,
      );
  });

  it('answers 500 and logs why when the metrics cannot be collected, and keeps serving', async () => {
    let fail = true;
    const { server, logs } = await serveMetrics(() =>
      fail ? Promise.reject(new Error('collector broke')) : Promise.resolve('streamtray_viewers 3\n'),
    );
    const broken = await rawRequest(server.origin, { path: '/metrics' });
    expect(broken.status).toBe(500);
    expect(logs.join('\n')).toContain('collector broke');
    fail = false;
    const again = await rawRequest(server.origin, { path: '/metrics' });
    expect([again.status, again.body]).toEqual([200, 'streamtray_viewers 3\n']);
  });
});
