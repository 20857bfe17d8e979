import { describe, expect, it } from 'vitest';
import type { Snapshot, SourceSnapshot } from '../../../../shared/bridge.ts';
import type { StreamEntry } from '../../../../shared/stream-catalog.ts';
import {
  catalogRows,
  filterStreams,
  nextSort,
  sortStreams,
  stateCounts,
  streamRows,
} from '../../../../renderer/logic/stream-table.ts';

function source(id: string, name: string, streams: SourceSnapshot['streams'], stale = false): SourceSnapshot {
  return {
    id,
    name,
    provider: 'qiniu',
    state: 'scheduled',
    viewers: null,
    bandwidthBps: null,
    streams,
    lastSuccessAt: 1,
    lastError: null,
    lastErrorAt: null,
    staleMs: 0,
    stale,
    callsToday: 0,
  };
}

const rows = streamRows([
  source('pili', 'Pili Shanghai', [
    { name: 'cam-b', viewers: 30, bandwidthBps: 3e6 },
    { name: 'cam-a', viewers: null, bandwidthBps: 1e6 },
  ]),
  source('se', 'ScaleEngine EU', [
    { name: 'cam-a', viewers: 500, bandwidthBps: null },
    { name: 'news', viewers: 30, bandwidthBps: 9e6 },
  ], true),
]);

const names = (list: { sourceId: string; name: string }[]) => list.map((row) => `${row.sourceId}/${row.name}`);

describe('stream table', () => {
  it('keeps same-named streams of different sources apart and carries staleness', () => {
    expect(new Set(rows.map((row) => row.key)).size).toBe(4);
    expect(rows.filter((row) => row.stale).map((row) => row.name)).toEqual(['cam-a', 'news']);
  });

  it('filters on stream and source names, every word must match, case-insensitively', () => {
    expect(names(filterStreams(rows, 'CAM', null))).toEqual(['pili/cam-b', 'pili/cam-a', 'se/cam-a']);
    expect(names(filterStreams(rows, 'cam europe', null))).toEqual([]);
    expect(names(filterStreams(rows, 'cam eu', null))).toEqual(['se/cam-a']);
    expect(names(filterStreams(rows, '  ', 'se'))).toEqual(['se/cam-a', 'se/news']);
  });

  it('sorts by viewers biggest first with unknown audiences last and ties by name', () => {
    const sorted = sortStreams(rows, { key: 'viewers', direction: 'desc' });
    expect(names(sorted)).toEqual(['se/cam-a', 'pili/cam-b', 'se/news', 'pili/cam-a']);
    const ascending = sortStreams(rows, { key: 'viewers', direction: 'asc' });
    expect(names(ascending)).toEqual(['pili/cam-b', 'se/news', 'se/cam-a', 'pili/cam-a']);
  });

  it('sorts by bandwidth and by source name without mutating its input', () => {
    const before = names(rows);
    expect(names(sortStreams(rows, { key: 'bandwidth', direction: 'desc' }))).toEqual([
      'se/news',
      'pili/cam-b',
      'pili/cam-a',
      'se/cam-a',
    ]);
    expect(names(sortStreams(rows, { key: 'source', direction: 'asc' }))[0]).toBe('pili/cam-a');
    expect(names(rows)).toEqual(before);
  });

  it('flips the direction on the same column and starts numbers biggest first', () => {
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'viewers')).toEqual({ key: 'viewers', direction: 'desc' });
    expect(nextSort({ key: 'viewers', direction: 'desc' }, 'source')).toEqual({ key: 'source', direction: 'asc' });
  });

  it('brings the catalog up to the latest snapshot: who is on air, who left, and who only alerts know', () => {
    const entry = (name: string, extra: Partial<StreamEntry>): StreamEntry => ({
      sourceId: 'pili',
      sourceName: 'Pili Shanghai',
      provider: 'qiniu',
      name,
      state: 'live',
      viewers: 10,
      bandwidthBps: 1e6,
      lastSeenAt: 500,
      offlineSince: null,
      openIncidentId: null,
      knownFrom: ['poll'],
      ...extra,
    });
    const catalog = [
      entry('cam-b', {}),
      entry('left', { lastSeenAt: 900 }),
      entry('old', { state: 'offline', offlineSince: 100, lastSeenAt: 100, knownFrom: ['history'] }),
      { ...entry('rtmp://edge/live/keynote', { state: 'offline', offlineSince: 700, openIncidentId: 4, knownFrom: ['incident', 'webhook'] }), sourceId: 'wms', provider: 'wmspanel' as const },
    ];
    const snapshot = { sources: [source('pili', 'Pili Shanghai', [{ name: 'cam-b', viewers: 44, bandwidthBps: 2e6 }, { name: 'new', viewers: 1, bandwidthBps: 1 }])] } as Snapshot;
    const merged = catalogRows(catalog, snapshot);
    const byName = new Map(merged.map((row) => [row.name, row]));
    expect(byName.get('cam-b')).toMatchObject({ state: 'live', viewers: 44, bandwidthBps: 2e6 });
    expect(byName.get('left')).toMatchObject({ state: 'offline', offlineSince: 900, viewers: null });
    expect(byName.get('old')).toMatchObject({ state: 'offline', offlineSince: 100 });
    expect(byName.get('rtmp://edge/live/keynote')).toMatchObject({ state: 'offline', openIncidentId: 4, provider: 'wmspanel' });
    expect(byName.get('new')).toMatchObject({ state: 'live', viewers: 1 });
    expect(stateCounts(merged)).toEqual({ live: 2, offline: 3, stale: 0 });
    expect(names(filterStreams(merged, '', null, 'offline'))).toEqual(['pili/left', 'pili/old', 'wms/rtmp://edge/live/keynote']);
    // Live first, then the most recently gone.
    expect(names(sortStreams(merged, { key: 'state', direction: 'asc' }))).toEqual([
      'pili/cam-b',
      'pili/new',
      'pili/left',
      'wms/rtmp://edge/live/keynote',
      'pili/old',
    ]);
  });

  it('marks a stream of a stale source stale rather than offline', () => {
    const catalog: StreamEntry[] = [
      { sourceId: 'se', sourceName: 'SE', provider: 'scaleengine', name: 'gone', state: 'live', viewers: 3, bandwidthBps: null, lastSeenAt: 5, offlineSince: null, openIncidentId: null, knownFrom: ['poll'] },
    ];
    const snapshot = { sources: [source('se', 'SE', [], true)] } as Snapshot;
    expect(catalogRows(catalog, snapshot)[0]).toMatchObject({ state: 'stale', offlineSince: null, stale: true });
  });
});
