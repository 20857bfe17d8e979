import { describe, expect, it } from 'vitest';
import type { SourceSnapshot } from '../../../../shared/bridge.ts';
import { filterStreams, nextSort, sortStreams, streamRows } from '../../../../renderer/logic/stream-table.ts';

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
});
