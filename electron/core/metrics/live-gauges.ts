import { Gauge, type Registry } from 'prom-client';
import type { Snapshot, SourceSnapshot } from '../../../shared/bridge.ts';
import type { StreamLive } from '../../../shared/domain.ts';
import { capStreams, OTHER_STREAM } from './stream-cap.ts';

// The gauges read from the core's Snapshot at each scrape: viewers, bandwidth, freshness and incidents
// per source and per stream, and the totals. A value the provider does not report (ScaleEngine has no
// bandwidth, WMSPanel without a data slice has no viewers) is left out, never written as 0.

type SourceLabel = 'source' | 'provider';
type StreamLabel = SourceLabel | 'stream';

const SOURCE_LABELS: SourceLabel[] = ['source', 'provider'];
const STREAM_LABELS: StreamLabel[] = ['source', 'provider', 'stream'];

/** Providers report bits per second; Prometheus' base unit is bytes. */
const bytesPerSecond = (bitsPerSecond: number): number => bitsPerSecond / 8;

type Families = {
  sourceInfo: Gauge<SourceLabel | 'name'>;
  sourceViewers: Gauge<SourceLabel>;
  sourceBandwidth: Gauge<SourceLabel>;
  sourceStreams: Gauge<SourceLabel>;
  streamViewers: Gauge<StreamLabel>;
  streamBandwidth: Gauge<StreamLabel>;
  sourceUp: Gauge<SourceLabel>;
  sourceStale: Gauge<SourceLabel>;
  lastSuccess: Gauge<SourceLabel>;
  callsToday: Gauge<SourceLabel>;
  openIncidents: Gauge<SourceLabel>;
  viewers: Gauge;
  bandwidth: Gauge;
  paused: Gauge;
};

export interface LiveGauges {
  /** Replaces every live series by what the snapshot says; series of vanished streams go away. */
  update(snapshot: Snapshot): void;
}

function families(registry: Registry): Families {
  const registers = [registry];
  const perSource = (name: string, help: string): Gauge<SourceLabel> =>
    new Gauge({ name, help, labelNames: SOURCE_LABELS, registers });
  const perStream = (name: string, help: string): Gauge<StreamLabel> =>
    new Gauge({ name, help, labelNames: STREAM_LABELS, registers });
  const total = (name: string, help: string): Gauge => new Gauge({ name, help, registers });
  return {
    sourceInfo: new Gauge({
      name: 'streamtray_source_info',
      help: 'Always 1: a configured source, with its display name.',
      labelNames: [...SOURCE_LABELS, 'name'],
      registers,
    }),
    sourceViewers: perSource('streamtray_source_viewers', 'Viewers of a source, last reading.'),
    sourceBandwidth: perSource(
      'streamtray_source_bandwidth_bytes_per_second',
      'Outgoing bandwidth of a source in bytes per second, last reading.',
    ),
    sourceStreams: perSource('streamtray_source_streams', 'Live streams of a source, last reading.'),
    streamViewers: perStream(
      'streamtray_stream_viewers',
      `Viewers of a stream, last reading; the busiest streams of each source, the rest summed as stream="${OTHER_STREAM}".`,
    ),
    streamBandwidth: perStream(
      'streamtray_stream_bandwidth_bytes_per_second',
      `Bandwidth of a stream in bytes per second, last reading; the busiest streams of each source, the rest summed as stream="${OTHER_STREAM}".`,
    ),
    sourceUp: perSource('streamtray_source_up', '1 when the last poll of the source succeeded, else 0.'),
    sourceStale: perSource(
      'streamtray_source_stale',
      '1 when the source has had no successful poll within twice its poll interval, else 0.',
    ),
    lastSuccess: perSource(
      'streamtray_source_last_success_timestamp_seconds',
      'Unix time of the last successful poll of the source.',
    ),
    callsToday: perSource(
      'streamtray_provider_calls_today',
      'Provider API calls made for the source since midnight UTC (budgets are per UTC day).',
    ),
    openIncidents: perSource('streamtray_open_incidents', 'Incidents (a stream or server down) open now.'),
    viewers: total('streamtray_viewers', 'Viewers across all sources with fresh data.'),
    bandwidth: total(
      'streamtray_bandwidth_bytes_per_second',
      'Bandwidth across all sources with fresh data, bytes per second.',
    ),
    paused: total('streamtray_polling_paused', '1 while the operator has paused polling, else 0.'),
  };
}

function setKnown<T extends string>(
  gauge: Gauge<T>,
  labels: Partial<Record<T, string>>,
  value: number | null,
): void {
  if (value !== null) gauge.set(labels, value);
}

/** A label-less gauge has no "absent" state of its own in prom-client: remove its only series. */
function setTotal(gauge: Gauge, value: number | null): void {
  if (value === null) gauge.remove({});
  else gauge.set(value);
}

function updateStreams(f: Families, source: SourceSnapshot, limit: number): void {
  const { top, other } = capStreams(source.streams, limit);
  const rows: StreamLive[] = other ? [...top, { name: OTHER_STREAM, ...other }] : top;
  for (const stream of rows) {
    const labels = { source: source.id, provider: source.provider, stream: stream.name };
    setKnown(f.streamViewers, labels, stream.viewers);
    setKnown(
      f.streamBandwidth,
      labels,
      stream.bandwidthBps === null ? null : bytesPerSecond(stream.bandwidthBps),
    );
  }
}

function updateSource(f: Families, source: SourceSnapshot, open: number, limit: number): void {
  const labels = { source: source.id, provider: source.provider };
  f.sourceInfo.set({ ...labels, name: source.name }, 1);
  setKnown(f.sourceViewers, labels, source.viewers);
  setKnown(
    f.sourceBandwidth,
    labels,
    source.bandwidthBps === null ? null : bytesPerSecond(source.bandwidthBps),
  );
  // Before the first success there is no stream list to count.
  setKnown(f.sourceStreams, labels, source.lastSuccessAt === null ? null : source.streams.length);
  f.sourceUp.set(labels, source.lastSuccessAt !== null && source.lastError === null ? 1 : 0);
  f.sourceStale.set(labels, source.stale ? 1 : 0);
  setKnown(f.lastSuccess, labels, source.lastSuccessAt === null ? null : source.lastSuccessAt / 1000);
  f.callsToday.set(labels, source.callsToday);
  f.openIncidents.set(labels, open);
  updateStreams(f, source, limit);
}

export function registerLiveGauges(registry: Registry, streamLimit: number): LiveGauges {
  const f = families(registry);
  const all = Object.values<{ reset(): void }>(f);
  return {
    update(snapshot) {
      for (const gauge of all) gauge.reset();
      const open = new Map<string, number>();
      for (const incident of snapshot.openIncidents)
        open.set(incident.sourceId, (open.get(incident.sourceId) ?? 0) + 1);
      for (const source of snapshot.sources) updateSource(f, source, open.get(source.id) ?? 0, streamLimit);
      setTotal(f.viewers, snapshot.total.viewers);
      setTotal(
        f.bandwidth,
        snapshot.total.bandwidthBps === null ? null : bytesPerSecond(snapshot.total.bandwidthBps),
      );
      f.paused.set(snapshot.paused ? 1 : 0);
    },
  };
}
