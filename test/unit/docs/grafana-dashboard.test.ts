import { describe, expect, it } from 'vitest';
import { createCoreMetrics } from '../../../electron/core/metrics/core-metrics.ts';
import {
  dashboardMetricNames,
  dashboardQueries,
  missingMetrics,
  readDashboard,
} from '../../helpers/grafana-dashboard.ts';
import { parseExposition } from '../../helpers/prometheus-exposition.ts';
import { liveSource, openIncident, snapshotOf, streams } from '../core/metrics/metrics-fixtures.ts';

// The Grafana starter dashboard (docs/grafana/streamtray-dashboard.json) must keep working: every metric
// it queries is one Streamtray really exposes.

async function realExposition() {
  const snapshot = snapshotOf(
    [
      liveSource({
        id: 'pili',
        provider: 'qiniu',
        viewers: 900,
        bandwidthBps: 9e6,
        streams: streams(
          40,
          (i) => i,
          (i) => i * 1000,
        ),
      }),
      liveSource({
        id: 'wms',
        provider: 'wmspanel',
        viewers: 5,
        bandwidthBps: 1e5,
        streams: streams(
          3,
          () => 1,
          () => 1,
        ),
      }),
    ],
    { openIncidents: [openIncident(1, 'wms')] },
  );
  const metrics = createCoreMetrics({
    snapshot: () => snapshot,
    contactPointTypes: () => ['slack', 'email'],
  });
  metrics.webhookAnswered({ status: 204, duplicate: false }, 0.001);
  return parseExposition(await metrics.scrape());
}

describe('Grafana starter dashboard', () => {
  it('is a dashboard Grafana can import: unique panel ids, panels inside the 24-column grid, a query per target', () => {
    const dashboard = readDashboard();
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    expect(
      dashboard.panels
        .filter((panel) => panel.type !== 'row')
        .every((panel) => (panel.targets ?? []).length > 0),
    ).toBe(true);
  });

  it('queries only metrics Streamtray really exposes', async () => {
    const names = dashboardMetricNames();
    expect(names.length).toBeGreaterThan(10);
    expect(missingMetrics(await realExposition(), names)).toEqual([]);
  });

  it('shows viewers, bandwidth, the top streams, open incidents, webhook p99 and contact-point failures', () => {
    const queries = dashboardQueries().join('\n');
    expect(queries).toContain('streamtray_viewers');
    expect(queries).toContain('streamtray_source_bandwidth_bytes_per_second');
    expect(queries).toMatch(/topk\(\$top, streamtray_stream_viewers/);
    expect(queries).toContain('streamtray_open_incidents');
    expect(queries).toMatch(
      /histogram_quantile\(0\.99, .*streamtray_webhook_response_duration_seconds_bucket/,
    );
    expect(queries).toMatch(/streamtray_contact_point_deliveries_total\{outcome="failed"\}/);
  });

  it('would notice a query of a metric that does not exist', async () => {
    expect(
      missingMetrics(await realExposition(), ['streamtray_viewers', 'streamtray_no_such_metric']),
    ).toEqual(['streamtray_no_such_metric']);
  });
});
