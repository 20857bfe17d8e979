import type { SourceSnapshot } from '../../shared/bridge.ts';

export interface StreamRow {
  /** Unique across sources: the same stream name may exist on two providers. */
  key: string;
  sourceId: string;
  sourceName: string;
  name: string;
  viewers: number | null;
  bandwidthBps: number | null;
  stale: boolean;
}

export type StreamSortKey = 'name' | 'source' | 'viewers' | 'bandwidth';
export interface StreamSort {
  key: StreamSortKey;
  direction: 'asc' | 'desc';
}

export function streamRows(sources: readonly SourceSnapshot[]): StreamRow[] {
  return sources.flatMap((source) =>
    source.streams.map((stream) => ({
      key: `${source.id}\u0000${stream.name}`,
      sourceId: source.id,
      sourceName: source.name,
      name: stream.name,
      viewers: stream.viewers,
      bandwidthBps: stream.bandwidthBps,
      stale: source.stale,
    })),
  );
}

/** Case-insensitive match on stream or source name, every whitespace-separated word must match. */
export function filterStreams(rows: readonly StreamRow[], query: string, sourceId: string | null): StreamRow[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  return rows.filter((row) => {
    if (sourceId !== null && row.sourceId !== sourceId) return false;
    const haystack = `${row.name}\u0000${row.sourceName}\u0000${row.sourceId}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/**
 * Sorted copy. Missing values (null) always sink to the bottom whatever the direction, since "unknown"
 * is never the biggest or smallest audience; ties fall back to the stream name so rows do not jump.
 */
export function sortStreams(rows: readonly StreamRow[], sort: StreamSort): StreamRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: StreamRow, b: StreamRow) => a.name.localeCompare(b.name) || a.sourceId.localeCompare(b.sourceId);
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return sign * byName(a, b);
    if (sort.key === 'source') return sign * a.sourceName.localeCompare(b.sourceName) || byName(a, b);
    const va = sort.key === 'viewers' ? a.viewers : a.bandwidthBps;
    const vb = sort.key === 'viewers' ? b.viewers : b.bandwidthBps;
    if (va === null && vb === null) return byName(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || byName(a, b);
  });
}

/** Clicking a column: a new column starts in its natural order (numbers biggest first), the same one flips. */
export function nextSort(current: StreamSort, key: StreamSortKey): StreamSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: key === 'viewers' || key === 'bandwidth' ? 'desc' : 'asc' };
}
