import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../../shared/bridge.ts';
import type { ContactPointType } from '../../../../shared/contact-points.ts';
import { createCoreMetrics } from '../../../../electron/core/metrics/core-metrics.ts';
import { parseExposition, type Exposition } from '../../../helpers/prometheus-exposition.ts';
import { liveSource, openIncident, snapshotOf, streams, T0 } from './metrics-fixtures.ts';

function metricsOf(
  snapshot: Snapshot | (() => Snapshot),
  options: { streamLimit?: number; contactPointTypes?: ContactPointType[]; processMetrics?: boolean } = {},
) {
  const read = typeof snapshot === 'function' ? snapshot : () => snapshot;
  const metrics = createCoreMetrics({
    snapshot: read,
    processMetrics: options.processMetrics ?? false,
    ...(options.streamLimit === undefined ? {} : { streamLimit: options.streamLimit }),
    contactPointTypes: () => options.contactPointTypes ?? [],
  });
  return { metrics, scrape: async (): Promise<Exposition> => parseExposition(await metrics.scrape()) };
}

const PILI = liveSource({
  id: 'pili',
  provider: 'qiniu',
  viewers: 120,
  bandwidthBps: 8_000_000,
  streams: [
    { name: 'keynote', viewers: 100, bandwidthBps: 6_400_000 },
    { name: 'backstage', viewers: 20, bandwidthBps: 1_600_000 },
  ],
});
const SE = liveSource({
  id: 'se',
  provider: 'scaleengine',
  viewers: 30,
  bandwidthBps: null,
  streams: [{ name: 'app/cam', viewers: 30, bandwidthBps: null }],
});

describe('Prometheus metrics: live values', () => {
  it('shows viewers, and bandwidth in bytes per second, per source with its provider', async () => {
    const m = await metricsOf(snapshotOf([PILI, SE])).scrape();
    expect(m.value('streamtray_source_viewers', { source: 'pili', provider: 'qiniu' })).toBe(120);
    expect(
      m.value('streamtray_source_bandwidth_bytes_per_second', { source: 'pili', provider: 'qiniu' }),
    ).toBe(1_000_000);
    expect(m.value('streamtray_source_viewers', { source: 'se', provider: 'scaleengine' })).toBe(30);
    expect(
      m.value('streamtray_stream_viewers', { source: 'pili', provider: 'qiniu', stream: 'keynote' }),
    ).toBe(100);
    expect(m.value('streamtray_stream_bandwidth_bytes_per_second', { stream: 'backstage' })).toBe(200_000);
    expect(m.value('streamtray_viewers')).toBe(150);
    expect(m.value('streamtray_bandwidth_bytes_per_second')).toBe(1_000_000);
    expect(m.value('streamtray_source_streams', { source: 'pili' })).toBe(2);
    expect(m.value('streamtray_source_info', { source: 'pili', name: 'PILI' })).toBe(1);
  });

  it('leaves out a value the provider does not report instead of showing 0', async () => {
    const wms = liveSource({
      id: 'wms',
      provider: 'wmspanel',
      streams: [{ name: 'live', viewers: null, bandwidthBps: null }],
    });
    const m = await metricsOf(snapshotOf([SE, wms])).scrape();
    expect(m.find('streamtray_source_bandwidth_bytes_per_second', { source: 'se' })).toEqual([]);
    expect(m.find('streamtray_stream_bandwidth_bytes_per_second', { source: 'se' })).toEqual([]);
    expect(m.find('streamtray_source_viewers', { source: 'wms' })).toEqual([]);
    expect(m.find('streamtray_stream_viewers', { source: 'wms' })).toEqual([]);
    // No source reports bandwidth: the total is unknown, not zero. The family is still declared.
    expect(m.find('streamtray_bandwidth_bytes_per_second')).toEqual([]);
    expect(m.types.get('streamtray_bandwidth_bytes_per_second')).toBe('gauge');
    // What is known is still there.
    expect(m.value('streamtray_source_up', { source: 'wms' })).toBe(1);
  });

  it('shows a source never polled successfully as down, with no readings and no last-success time', async () => {
    const failing = liveSource({
      id: 'pili',
      provider: 'qiniu',
      lastSuccessAt: null,
      lastError: { kind: 'auth', message: 'bad key' },
      lastErrorAt: T0,
      staleMs: null,
      stale: true,
    });
    const m = await metricsOf(snapshotOf([failing])).scrape();
    expect(m.value('streamtray_source_up', { source: 'pili' })).toBe(0);
    expect(m.value('streamtray_source_stale', { source: 'pili' })).toBe(1);
    expect(m.find('streamtray_source_last_success_timestamp_seconds')).toEqual([]);
    expect(m.find('streamtray_source_streams')).toEqual([]);
    expect(m.find('streamtray_source_viewers')).toEqual([]);
  });

  it('gives the last successful poll as Unix seconds and counts open incidents per source', async () => {
    const snapshot = snapshotOf([PILI, SE], {
      openIncidents: [openIncident(1, 'pili'), openIncident(2, 'pili')],
    });
    const m = await metricsOf(snapshot).scrape();
    expect(m.value('streamtray_source_last_success_timestamp_seconds', { source: 'pili' })).toBe(T0 / 1000);
    expect(m.value('streamtray_open_incidents', { source: 'pili', provider: 'qiniu' })).toBe(2);
    expect(m.value('streamtray_open_incidents', { source: 'se' })).toBe(0);
  });

  it('shows at most N streams per source, plus stream="other" carrying the sum of the rest', async () => {
    const big = liveSource({
      id: 'pili',
      provider: 'qiniu',
      streams: streams(
        50,
        (i) => i,
        (i) => i * 8,
      ),
    });
    const m = await metricsOf(snapshotOf([big, SE]), { streamLimit: 5 }).scrape();
    const pili = m.find('streamtray_stream_viewers', { source: 'pili' });
    expect(pili.map((s) => s.labels['stream'])).toEqual(['s049', 's048', 's047', 's046', 's045', 'other']);
    const folded = (45 * 44) / 2; // viewers 0 … 44
    expect(m.value('streamtray_stream_viewers', { source: 'pili', stream: 'other' })).toBe(folded);
    expect(m.value('streamtray_stream_bandwidth_bytes_per_second', { source: 'pili', stream: 'other' })).toBe(
      folded,
    );
    // The cap is per source: a small source keeps its streams and gets no "other".
    expect(m.find('streamtray_stream_viewers', { source: 'se' }).map((s) => s.labels['stream'])).toEqual([
      'app/cam',
    ]);
  });

  it('caps streams at 20 per source unless told otherwise', async () => {
    const big = liveSource({ id: 'pili', provider: 'qiniu', streams: streams(200, (i) => i) });
    const m = await metricsOf(snapshotOf([big])).scrape();
    expect(m.find('streamtray_stream_viewers')).toHaveLength(21);
  });

  it('drops the series of a stream that has ended at the next scrape', async () => {
    let snapshot = snapshotOf([PILI]);
    const { scrape } = metricsOf(() => snapshot);
    expect((await scrape()).find('streamtray_stream_viewers').map((s) => s.labels['stream'])).toEqual([
      'keynote',
      'backstage',
    ]);
    snapshot = snapshotOf([{ ...PILI, streams: [{ name: 'keynote', viewers: 90, bandwidthBps: null }] }]);
    const after = await scrape();
    expect(after.find('streamtray_stream_viewers').map((s) => [s.labels['stream'], s.value])).toEqual([
      ['keynote', 90],
    ]);
  });

  it('keeps stream names with quotes, backslashes and line breaks intact through the text format', async () => {
    const odd = 'live/"main"\\cam\n2';
    const m = await metricsOf(
      snapshotOf([{ ...PILI, streams: [{ name: odd, viewers: 7, bandwidthBps: null }] }]),
    ).scrape();
    expect(m.value('streamtray_stream_viewers', { stream: odd })).toBe(7);
  });

  it('says 1 while the operator has paused polling', async () => {
    const m = await metricsOf(snapshotOf([PILI], { paused: true })).scrape();
    expect(m.value('streamtray_polling_paused')).toBe(1);
  });
});

describe('Prometheus metrics: counters', () => {
  it('counts failed polls by source and kind, showing every kind as 0 from the start', async () => {
    const { metrics, scrape } = metricsOf(snapshotOf([PILI, SE]));
    const before = await scrape();
    expect(
      before.value('streamtray_poll_errors_total', { source: 'se', provider: 'scaleengine', kind: 'auth' }),
    ).toBe(0);
    expect(before.find('streamtray_poll_errors_total', { source: 'pili' })).toHaveLength(7);
    metrics.pollFailed({ id: 'se', provider: 'scaleengine' }, 'timeout');
    metrics.pollFailed({ id: 'se', provider: 'scaleengine' }, 'timeout');
    metrics.pollFailed({ id: 'pili', provider: 'qiniu' }, 'auth');
    const after = await scrape();
    expect(after.value('streamtray_poll_errors_total', { source: 'se', kind: 'timeout' })).toBe(2);
    expect(after.value('streamtray_poll_errors_total', { source: 'pili', kind: 'auth' })).toBe(1);
    expect(after.value('streamtray_poll_errors_total', { source: 'pili', kind: 'timeout' })).toBe(0);
  });

  it('drops the poll-error series of a source the operator removed', async () => {
    let snapshot = snapshotOf([PILI, SE]);
    const { metrics, scrape } = metricsOf(() => snapshot);
    metrics.pollFailed({ id: 'se', provider: 'scaleengine' }, 'network');
    await scrape();
    snapshot = snapshotOf([PILI]);
    const after = await scrape();
    expect(after.find('streamtray_poll_errors_total', { source: 'se' })).toEqual([]);
    expect(after.find('streamtray_poll_errors_total', { source: 'pili' })).toHaveLength(7);
  });

  it('counts webhook answers by outcome and times them in seconds', async () => {
    const { metrics, scrape } = metricsOf(snapshotOf([]));
    metrics.webhookAnswered({ status: 204, duplicate: false }, 0.002);
    metrics.webhookAnswered({ status: 204, duplicate: true }, 0.001);
    metrics.webhookAnswered({ status: 401, duplicate: false }, 0.0004);
    metrics.webhookAnswered({ status: 503, duplicate: false }, 0.03);
    metrics.webhookAnswered({ status: 500, duplicate: false }, 0.0004);
    const m = await scrape();
    const count = (outcome: string) => m.value('streamtray_webhook_deliveries_total', { outcome });
    expect([
      count('accepted'),
      count('duplicate'),
      count('bad_digest'),
      count('unavailable'),
      count('error'),
    ]).toEqual([1, 1, 1, 1, 1]);
    expect(count('invalid_body')).toBe(0);
    expect(m.types.get('streamtray_webhook_response_duration_seconds')).toBe('histogram');
    expect(m.value('streamtray_webhook_response_duration_seconds_count')).toBe(5);
    expect(m.value('streamtray_webhook_response_duration_seconds_bucket', { le: '0.005' })).toBe(4);
    expect(m.value('streamtray_webhook_response_duration_seconds_sum')).toBeCloseTo(0.0338, 6);
  });

  it.each([
    [400, 'invalid_body'],
    [403, 'refused'],
    [404, 'unknown_source'],
    [405, 'wrong_method'],
    [413, 'too_large'],
    [415, 'wrong_content_type'],
    [429, 'rate_limited'],
  ])('names a webhook answered %i "%s"', async (status, outcome) => {
    const { metrics, scrape } = metricsOf(snapshotOf([]));
    metrics.webhookAnswered({ status, duplicate: false }, 0.001);
    expect((await scrape()).value('streamtray_webhook_deliveries_total', { outcome })).toBe(1);
  });

  it('counts contact-point deliveries by type and outcome, configured types shown as 0 from the start', async () => {
    const { metrics, scrape } = metricsOf(snapshotOf([]), { contactPointTypes: ['slack', 'email'] });
    const before = await scrape();
    expect(
      before
        .find('streamtray_contact_point_deliveries_total')
        .map((s) => [s.labels['type'], s.labels['outcome'], s.value]),
    ).toEqual([
      ['slack', 'sent', 0],
      ['slack', 'retry', 0],
      ['slack', 'failed', 0],
      ['email', 'sent', 0],
      ['email', 'retry', 0],
      ['email', 'failed', 0],
    ]);
    const onOutcome = metrics.contactPointOutcome;
    onOutcome({ type: 'slack', outcome: 'retry' });
    onOutcome({ type: 'slack', outcome: 'sent' });
    onOutcome({ type: 'pagerduty', outcome: 'failed' });
    const after = await scrape();
    expect(after.value('streamtray_contact_point_deliveries_total', { type: 'slack', outcome: 'sent' })).toBe(
      1,
    );
    expect(
      after.value('streamtray_contact_point_deliveries_total', { type: 'slack', outcome: 'retry' }),
    ).toBe(1);
    expect(
      after.value('streamtray_contact_point_deliveries_total', { type: 'pagerduty', outcome: 'failed' }),
    ).toBe(1);
  });
});

describe('Prometheus metrics: registry', () => {
  it('says which Streamtray and which Node.js answer, with process metrics alongside', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const m = await metricsOf(snapshotOf([]), { processMetrics: true }).scrape();
    expect(m.find('streamtray_build_info')).toEqual([
      {
        name: 'streamtray_build_info',
        labels: { version: pkg.version, nodejs_version: process.versions.node },
        value: 1,
      },
    ]);
    expect(m.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(m.types.get('process_resident_memory_bytes')).toBe('gauge');
    expect(m.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
  });

  it('follows Prometheus naming: only counters end in _total, and every family has a help text', async () => {
    const text = await metricsOf(snapshotOf([PILI]), { processMetrics: true }).metrics.scrape();
    const m = parseExposition(text);
    const misnamed = [...m.types].filter(([name, type]) => name.endsWith('_total') !== (type === 'counter'));
    expect(misnamed).toEqual([]);
    const helped = new Set([...text.matchAll(/^# HELP (\S+) \S/gm)].map((match) => match[1]));
    expect([...m.types.keys()].filter((name) => !helped.has(name))).toEqual([]);
  });

  it('keeps the counts of two cores in one process apart', async () => {
    const one = metricsOf(snapshotOf([]));
    const two = metricsOf(snapshotOf([]));
    one.metrics.webhookAnswered({ status: 204, duplicate: false }, 0.001);
    expect((await one.scrape()).value('streamtray_webhook_deliveries_total', { outcome: 'accepted' })).toBe(
      1,
    );
    expect((await two.scrape()).value('streamtray_webhook_deliveries_total', { outcome: 'accepted' })).toBe(
      0,
    );
  });

  it('answers with the Prometheus text format content type', () => {
    expect(metricsOf(snapshotOf([])).metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('reads one snapshot per scrape, so the series of one scrape agree', async () => {
    let reads = 0;
    const { scrape } = metricsOf(() => {
      reads += 1;
      return snapshotOf([PILI]);
    });
    await scrape();
    expect(reads).toBe(1);
  });
});
