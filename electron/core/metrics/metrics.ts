import type { Snapshot, SourceSnapshot } from '../../../shared/bridge.ts';
import { formatPrometheus, type MetricFamily, type MetricSample } from './prometheus-text.ts';

// `GET /metrics`: viewers and bandwidth per source and stream, incidents, poll errors and freshness, so
// teams scrape Streamtray into the Prometheus and Grafana they already run. Unknown values are omitted.

export interface MetricsInputs {
  snapshot: Snapshot;
  /** Failed polls per source since start (a counter). */
  pollErrors: (sourceId: string) => number;
}

const sourceLabels = (s: SourceSnapshot) => ({ source: s.id, provider: s.provider });

export function metricFamilies({ snapshot, pollErrors }: MetricsInputs): MetricFamily[] {
  const perSource = (value: (s: SourceSnapshot) => number | null): MetricSample[] =>
    snapshot.sources.map((s) => ({ labels: sourceLabels(s), value: value(s) }));
  const perStream = (value: (stream: SourceSnapshot['streams'][number]) => number | null): MetricSample[] =>
    snapshot.sources.flatMap((s) =>
      s.streams.map((stream) => ({ labels: { source: s.id, stream: stream.name }, value: value(stream) })),
    );
  const open = new Map<string, number>();
  for (const incident of snapshot.openIncidents)
    open.set(incident.sourceId, (open.get(incident.sourceId) ?? 0) + 1);
  const gauge = (name: string, help: string, samples: MetricSample[]): MetricFamily => ({
    name,
    help,
    type: 'gauge',
    samples,
  });
  return [
    gauge(
      'streamtray_source_viewers',
      'Viewers of a source, last reading.',
      perSource((s) => s.viewers),
    ),
    gauge(
      'streamtray_source_bandwidth_bps',
      'Bandwidth of a source, bits per second, last reading.',
      perSource((s) => s.bandwidthBps),
    ),
    gauge(
      'streamtray_stream_viewers',
      'Viewers of a stream, last reading.',
      perStream((s) => s.viewers),
    ),
    gauge(
      'streamtray_stream_bandwidth_bps',
      'Bandwidth of a stream, bits per second, last reading.',
      perStream((s) => s.bandwidthBps),
    ),
    gauge(
      'streamtray_source_up',
      '1 when the last poll of the source succeeded.',
      perSource((s) => (s.lastSuccessAt !== null && s.lastError === null ? 1 : 0)),
    ),
    gauge(
      'streamtray_source_stale',
      '1 when the source has had no success within twice its poll interval.',
      perSource((s) => (s.stale ? 1 : 0)),
    ),
    gauge(
      'streamtray_source_last_success_timestamp_seconds',
      'When the source was last polled successfully.',
      perSource((s) => (s.lastSuccessAt === null ? null : s.lastSuccessAt / 1000)),
    ),
    {
      name: 'streamtray_poll_errors_total',
      help: 'Failed polls since start.',
      type: 'counter',
      samples: perSource((s) => pollErrors(s.id)),
    },
    gauge(
      'streamtray_provider_calls_today',
      'Provider API calls made today (UTC).',
      perSource((s) => s.callsToday),
    ),
    gauge(
      'streamtray_open_incidents',
      'Incidents open now.',
      perSource((s) => open.get(s.id) ?? 0),
    ),
    gauge('streamtray_viewers', 'Viewers across sources with fresh data.', [
      { value: snapshot.total.viewers },
    ]),
    gauge('streamtray_bandwidth_bps', 'Bandwidth across sources with fresh data, bits per second.', [
      { value: snapshot.total.bandwidthBps },
    ]),
    // Alert on this: while 0 for the alert log, webhook deliveries are refused with 503.
    gauge(
      'streamtray_storage_ok',
      '1 when the data files take writes; 0 with the failing store and problem.',
      [
        snapshot.storage.ok
          ? { value: 1 }
          : {
              labels: {
                store: snapshot.storage.store ?? 'unknown',
                problem: snapshot.storage.problem ?? 'unknown',
              },
              value: 0,
            },
      ],
    ),
    {
      name: 'streamtray_history_writes_dropped_total',
      help: 'Polls whose chart samples could not be stored, since start.',
      type: 'counter',
      samples: [{ value: snapshot.storage.droppedHistoryWrites }],
    },
  ];
}

export function metricsText(inputs: MetricsInputs): string {
  return formatPrometheus(metricFamilies(inputs));
}
