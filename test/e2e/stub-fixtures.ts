import type { Incident } from '../../shared/alerts.ts';
import type { Series, Snapshot, SourceSnapshot, SourceView } from '../../shared/bridge.ts';
import type { DailyStatsRow } from '../../shared/daily-stats.ts';
import type { ProviderKind, StreamLive } from '../../shared/domain.ts';
import { sumKnown } from '../../shared/domain.ts';
import type { StreamEntry } from '../../shared/stream-catalog.ts';
import { buildStreamCatalog } from '../../electron/core/streams/build-stream-catalog.ts';

// A small, deterministic account for the dashboard's browser tests when the real `streamtray demo` is
// not available: three providers, one of them failing, an open incident and a day of history.

interface FixtureSource {
  id: string;
  name: string;
  provider: ProviderKind;
  streams: number;
  /** Mean audience per stream. */
  scale: number;
  failing: boolean;
}

const SOURCES: FixtureSource[] = [
  { id: 'pili', name: 'Qiniu Shanghai', provider: 'qiniu', streams: 80, scale: 120, failing: false },
  { id: 'se-eu', name: 'ScaleEngine EU', provider: 'scaleengine', streams: 60, scale: 45, failing: false },
  { id: 'wms', name: 'WMSPanel Edge', provider: 'wmspanel', streams: 40, scale: 30, failing: true },
];

/** Audience over the day: a quiet night and an evening peak, a little different per stream. */
function viewersAt(ms: number, index: number, scale: number): number {
  const hour = (ms / 3_600_000) % 24;
  const diurnal = 0.55 + 0.45 * Math.sin(((hour - 14) / 24) * 2 * Math.PI);
  const wobble = 1 + 0.08 * Math.sin(ms / 90_000 + index);
  const weight = 1 / (1 + index * 0.15);
  return Math.max(0, Math.round(scale * 3 * weight * diurnal * wobble));
}

function streamsAt(source: FixtureSource, ms: number): StreamLive[] {
  return Array.from({ length: source.streams }, (_, index) => {
    const viewers = viewersAt(ms, index, source.scale);
    return {
      name: source.provider === 'wmspanel' ? `rtmp://edge1.example.com/live/cam${index + 1}` : `${source.id}-stream-${String(index + 1).padStart(3, '0')}`,
      viewers,
      bandwidthBps: viewers * 2_400_000 + 3_000_000,
    };
  });
}

export const OPEN_INCIDENT: Incident = {
  id: 7,
  sourceId: 'wms',
  subject: { kind: 'stream', name: 'rtmp://edge1.example.com/live/backup' },
  openedAt: 0,
  closedAt: null,
  downtimeMs: null,
  checkpoints: ['eu-west'],
  acknowledgedAt: null,
  eventIds: [41],
};

export function snapshotAt(now: number, paused = false): Snapshot {
  const sources: SourceSnapshot[] = SOURCES.map((source) => {
    const lastSuccessAt = source.failing ? now - 185_000 : now - 4_000;
    const streams = streamsAt(source, lastSuccessAt);
    return {
      id: source.id,
      name: source.name,
      provider: source.provider,
      state: source.failing ? 'backoff' : 'scheduled',
      viewers: sumKnown(streams.map((stream) => stream.viewers)),
      bandwidthBps: sumKnown(streams.map((stream) => stream.bandwidthBps)),
      streams,
      lastSuccessAt,
      lastError: source.failing ? { kind: 'upstream', message: 'WMSPanel answered HTTP 503' } : null,
      lastErrorAt: source.failing ? now - 20_000 : null,
      staleMs: now - lastSuccessAt,
      stale: source.failing,
      callsToday: source.provider === 'wmspanel' ? 2_812 : 960,
    };
  });
  // As the core sums them: only sources with fresh data count towards the totals.
  const fresh = sources.filter((source) => !source.stale);
  const viewers = sumKnown(fresh.map((source) => source.viewers));
  const bandwidthBps = sumKnown(fresh.map((source) => source.bandwidthBps));
  const openIncidents = [{ ...OPEN_INCIDENT, openedAt: now - 7 * 60_000 }];
  return {
    at: now,
    paused,
    sources,
    total: { viewers, bandwidthBps },
    openIncidents,
    storage: { ok: true, problem: null, store: null, file: null, droppedHistoryWrites: 0 },
    glance: { viewers, bandwidthBps, state: 'warning', openIncidents: openIncidents.length },
  };
}

/** Downsampled history as the core answers it: at most maxPoints per series. */
export function seriesFor(sourceId: string, streams: string[] | undefined, fromMs: number, toMs: number, maxPoints: number): Series[] {
  const source = SOURCES.find((one) => one.id === sourceId);
  if (source === undefined) return [];
  const resolutionMs = Math.max(60_000, Math.ceil((toMs - fromMs) / maxPoints / 60_000) * 60_000);
  const t: number[] = [];
  for (let at = Math.ceil(fromMs / resolutionMs) * resolutionMs; at <= toMs; at += resolutionMs) t.push(at);
  const all = (at: number) => streamsAt(source, at);
  if (streams === undefined) {
    return [
      {
        sourceId,
        stream: null,
        resolutionMs,
        t,
        viewers: t.map((at) => sumKnown(all(at).map((stream) => stream.viewers))),
        bandwidthBps: t.map((at) => sumKnown(all(at).map((stream) => stream.bandwidthBps))),
      },
    ];
  }
  return streams.map((name) => {
    const pick = (at: number) => all(at).find((stream) => stream.name === name);
    return {
      sourceId,
      stream: name,
      resolutionMs,
      t,
      viewers: t.map((at) => pick(at)?.viewers ?? null),
      bandwidthBps: t.map((at) => pick(at)?.bandwidthBps ?? null),
    };
  });
}

export function sourceViews(): SourceView[] {
  return [
    { source: { id: 'pili', name: 'Qiniu Shanghai', provider: 'qiniu', accessKey: 'AK-demo', hub: 'live-sh' }, apiSecretSet: true, webhookTokenSet: false, webhookPath: null },
    { source: { id: 'se-eu', name: 'ScaleEngine EU', provider: 'scaleengine', apiKey: 'pub-demo', cdnId: 158, apps: ['live'] }, apiSecretSet: true, webhookTokenSet: false, webhookPath: null },
    { source: { id: 'wms', name: 'WMSPanel Edge', provider: 'wmspanel', clientId: 'client-demo' }, apiSecretSet: true, webhookTokenSet: false, webhookPath: '/webhooks/wms' },
  ];
}

export function dailyRows(from: string, to: string): DailyStatsRow[] {
  const rows: DailyStatsRow[] = [];
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= Date.parse(`${to}T00:00:00Z`); day += 86_400_000) {
    const viewers = 4_000 + Math.round(1_500 * Math.sin(day / 86_400_000));
    rows.push({
      date: new Date(day).toISOString().slice(0, 10),
      viewers,
      hls_viewers: Math.round(viewers * 0.7),
      hds_viewers: 0,
      smooth_viewers: 0,
      rtsp_viewers: 0,
      rtmp_viewers: Math.round(viewers * 0.2),
      mgh_viewers: 0,
      dash_viewers: Math.round(viewers * 0.1),
      dvr_viewers: 0,
      ice_viewers: 0,
      pd_viewers: 0,
      message_in: 38_000_000_000,
      message_out: viewers * 900_000_000,
      message_lost: 12_000,
      max_message_in_rate: 48_000_000,
      max_message_out_rate: viewers * 250_000,
      total_view_time: viewers * 1_900,
    });
  }
  return rows;
}

/** Every stream the stub knows: the live lists plus the incident's offline stream. */
export function catalogAt(now: number): StreamEntry[] {
  const snapshot = snapshotAt(now);
  return buildStreamCatalog({
    sources: SOURCES,
    live: snapshot.sources,
    seen: [],
    events: [],
    openIncidents: snapshot.openIncidents,
  });
}
