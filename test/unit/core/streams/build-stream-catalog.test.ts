import { describe, expect, it } from 'vitest';
import type { AlertEvent, Incident } from '../../../../shared/alerts.ts';
import type { SourceSnapshot } from '../../../../shared/bridge.ts';
import { buildStreamCatalog, type CatalogSource } from '../../../../electron/core/streams/build-stream-catalog.ts';

const SOURCES: CatalogSource[] = [
  { id: 'pili', name: 'Pili', provider: 'qiniu' },
  { id: 'wms', name: 'WMSPanel', provider: 'wmspanel' },
  { id: 'se', name: 'ScaleEngine', provider: 'scaleengine' },
];

function live(id: string, streams: SourceSnapshot['streams'], extra: Partial<SourceSnapshot> = {}): SourceSnapshot {
  const source = SOURCES.find((one) => one.id === id);
  return {
    id,
    name: source?.name ?? id,
    provider: source?.provider ?? 'qiniu',
    state: 'scheduled',
    viewers: null,
    bandwidthBps: null,
    streams,
    lastSuccessAt: 10_000,
    lastError: null,
    lastErrorAt: null,
    staleMs: 0,
    stale: false,
    callsToday: 0,
    ...extra,
  };
}

let nextId = 1;
function alert(sourceId: string, name: string, status: 'online' | 'offline', occurredAt: number, origin: 'webhook' | 'derived' = 'webhook'): AlertEvent {
  return { id: nextId++, sourceId, subject: { kind: 'stream', name }, status, occurredAt, receivedAt: occurredAt, origin, checkpoints: [] };
}

const incident = (id: number, sourceId: string, name: string, openedAt: number): Incident => ({
  id,
  sourceId,
  subject: { kind: 'stream', name },
  openedAt,
  closedAt: null,
  downtimeMs: null,
  checkpoints: [],
  acknowledgedAt: null,
  eventIds: [1],
});

const byName = (entries: ReturnType<typeof buildStreamCatalog>) => new Map(entries.map((entry) => [`${entry.sourceId}/${entry.name}`, entry]));

describe('stream catalog', () => {
  it('lists live streams with their figures and streams polling saw before as offline since then', () => {
    const streams = byName(
      buildStreamCatalog({
        sources: SOURCES,
        live: [live('pili', [{ name: 'cam-1', viewers: 40, bandwidthBps: 2e6 }])],
        seen: [
          { sourceId: 'pili', stream: 'cam-1', lastAt: 9_000 },
          { sourceId: 'pili', stream: 'cam-2', lastAt: 4_000 },
        ],
        events: [],
        openIncidents: [],
      }),
    );
    expect(streams.get('pili/cam-1')).toMatchObject({ state: 'live', viewers: 40, bandwidthBps: 2e6, lastSeenAt: 10_000, provider: 'qiniu', knownFrom: ['history', 'poll'] });
    expect(streams.get('pili/cam-2')).toMatchObject({ state: 'offline', offlineSince: 4_000, viewers: null, sourceName: 'Pili' });
  });

  it('knows WMSPanel streams from Dispersa alerts: the latest alert says live or offline since when', () => {
    const streams = byName(
      buildStreamCatalog({
        sources: SOURCES,
        live: [live('wms', [])],
        seen: [],
        events: [
          alert('wms', 'rtmp://edge/live/a', 'offline', 1_000),
          alert('wms', 'rtmp://edge/live/a', 'online', 2_000),
          alert('wms', 'rtmp://edge/live/b', 'offline', 3_000),
          // A late delivery of an older alert does not overrule the newer one.
          alert('wms', 'rtmp://edge/live/a', 'offline', 500),
        ],
        openIncidents: [],
      }),
    );
    expect(streams.get('wms/rtmp://edge/live/a')).toMatchObject({ state: 'live', offlineSince: null, lastSeenAt: 2_000, provider: 'wmspanel', knownFrom: ['webhook'] });
    expect(streams.get('wms/rtmp://edge/live/b')).toMatchObject({ state: 'offline', offlineSince: 3_000, lastSeenAt: null });
  });

  it('lists a stream with an open incident even when nothing else knows it, offline since it opened', () => {
    const streams = byName(
      buildStreamCatalog({ sources: SOURCES, live: [], seen: [], events: [], openIncidents: [incident(7, 'pili', 'cam-9', 6_000)] }),
    );
    expect(streams.get('pili/cam-9')).toMatchObject({ state: 'offline', offlineSince: 6_000, openIncidentId: 7, knownFrom: ['incident'] });
  });

  it('calls streams of a stale source stale, not live or offline', () => {
    const streams = byName(
      buildStreamCatalog({
        sources: SOURCES,
        live: [live('se', [{ name: 'match', viewers: 5, bandwidthBps: null }], { stale: true })],
        seen: [{ sourceId: 'se', stream: 'earlier', lastAt: 1_000 }],
        events: [],
        openIncidents: [],
      }),
    );
    expect(streams.get('se/match')?.state).toBe('stale');
    expect(streams.get('se/earlier')?.state).toBe('stale');
  });

  it('leaves out streams of sources no longer configured', () => {
    const entries = buildStreamCatalog({
      sources: SOURCES,
      live: [live('gone', [{ name: 'x', viewers: 1, bandwidthBps: 1 }])],
      seen: [{ sourceId: 'gone', stream: 'y', lastAt: 1 }],
      events: [alert('gone', 'z', 'offline', 1)],
      openIncidents: [incident(3, 'gone', 'w', 1)],
    });
    expect(entries).toEqual([]);
  });
});
