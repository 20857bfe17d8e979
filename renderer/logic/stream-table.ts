import type { SourceSnapshot, Snapshot } from '../../shared/bridge.ts';
import type { ProviderKind } from '../../shared/domain.ts';
import type { StreamEntry, StreamState } from '../../shared/stream-catalog.ts';

export interface StreamRow {
  /** Unique across sources: the same stream name may exist on two providers. */
  key: string;
  sourceId: string;
  sourceName: string;
  provider: ProviderKind;
  name: string;
  viewers: number | null;
  bandwidthBps: number | null;
  /** Live, off air, or not known right now because its source's data is old. */
  state: StreamState;
  /** Off air since (UTC epoch ms), when known. */
  offlineSince: number | null;
  lastSeenAt: number | null;
  openIncidentId: number | null;
  /** Greyed: its figures are not current. */
  stale: boolean;
}

export type StreamSortKey = 'name' | 'source' | 'provider' | 'state' | 'viewers' | 'bandwidth';
export type StreamStateFilter = StreamState | 'all';
export interface StreamSort {
  key: StreamSortKey;
  direction: 'asc' | 'desc';
}

const keyOf = (sourceId: string, name: string) => `${sourceId}\u0000${name}`;

/** The streams on air in a snapshot (what the Overview's top list shows). */
export function streamRows(sources: readonly SourceSnapshot[]): StreamRow[] {
  return sources.flatMap((source) =>
    source.streams.map((stream) => ({
      key: keyOf(source.id, stream.name),
      sourceId: source.id,
      sourceName: source.name,
      provider: source.provider,
      name: stream.name,
      viewers: stream.viewers,
      bandwidthBps: stream.bandwidthBps,
      state: source.stale ? ('stale' as const) : ('live' as const),
      offlineSince: null,
      lastSeenAt: source.lastSuccessAt,
      openIncidentId: null,
      stale: source.stale,
    })),
  );
}

function rowOf(entry: StreamEntry): StreamRow {
  return {
    key: keyOf(entry.sourceId, entry.name),
    sourceId: entry.sourceId,
    sourceName: entry.sourceName,
    provider: entry.provider,
    name: entry.name,
    viewers: entry.state === 'offline' ? null : entry.viewers,
    bandwidthBps: entry.state === 'offline' ? null : entry.bandwidthBps,
    state: entry.state,
    offlineSince: entry.offlineSince,
    lastSeenAt: entry.lastSeenAt,
    openIncidentId: entry.openIncidentId,
    stale: entry.state === 'stale',
  };
}

/**
 * The catalog (fetched now and then) brought up to the latest snapshot (every second): a polled source's
 * live list decides who is on air and their figures; a stream that left it goes off air from the last
 * time it was seen; streams only the catalog knows (push alerts, history) keep the catalog's word.
 */
export function catalogRows(catalog: readonly StreamEntry[], snapshot: Snapshot | null): StreamRow[] {
  const live = new Map<string, StreamRow>();
  for (const row of streamRows(snapshot?.sources ?? [])) live.set(row.key, row);
  const polled = new Map((snapshot?.sources ?? []).map((source) => [source.id, source]));
  const rows: StreamRow[] = [];
  const seen = new Set<string>();
  for (const entry of catalog) {
    const row = rowOf(entry);
    seen.add(row.key);
    const now = live.get(row.key);
    const source = polled.get(entry.sourceId);
    if (now !== undefined) {
      rows.push({ ...row, ...now, openIncidentId: row.openIncidentId, lastSeenAt: now.lastSeenAt ?? row.lastSeenAt });
    } else if (source !== undefined && entry.knownFrom.includes('poll') && entry.state !== 'offline') {
      // On air at the catalog's time, gone from the newest poll: off air since it was last seen.
      const state = source.stale ? 'stale' : 'offline';
      const since = row.lastSeenAt;
      rows.push({ ...row, state, stale: source.stale, viewers: null, bandwidthBps: null, offlineSince: state === 'offline' ? since : null });
    } else {
      rows.push(row);
    }
  }
  for (const row of live.values()) if (!seen.has(row.key)) rows.push(row);
  return rows;
}

/** Case-insensitive match on stream or source name, every whitespace-separated word must match. */
export function filterStreams(
  rows: readonly StreamRow[],
  query: string,
  sourceId: string | null,
  state: StreamStateFilter = 'all',
): StreamRow[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  return rows.filter((row) => {
    if (sourceId !== null && row.sourceId !== sourceId) return false;
    if (state !== 'all' && row.state !== state) return false;
    const haystack = `${row.name}\u0000${row.sourceName}\u0000${row.sourceId}\u0000${row.provider}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** Live first, then stale, then off air: most recently gone first within it. */
const STATE_ORDER: Record<StreamState, number> = { live: 0, stale: 1, offline: 2 };

function byState(a: StreamRow, b: StreamRow): number {
  const order = STATE_ORDER[a.state] - STATE_ORDER[b.state];
  if (order !== 0) return order;
  return (b.offlineSince ?? b.lastSeenAt ?? 0) - (a.offlineSince ?? a.lastSeenAt ?? 0);
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
    if (sort.key === 'provider') return sign * a.provider.localeCompare(b.provider) || byName(a, b);
    if (sort.key === 'state') return sign * byState(a, b) || byName(a, b);
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

/** How many of each state, for the filter's labels. */
export function stateCounts(rows: readonly StreamRow[]): Record<StreamState, number> {
  const counts: Record<StreamState, number> = { live: 0, offline: 0, stale: 0 };
  for (const row of rows) counts[row.state] += 1;
  return counts;
}
