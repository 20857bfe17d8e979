import type { StreamLive } from '../../../shared/domain.ts';

// A source can carry thousands of streams; one Prometheus series per stream would swamp the server
// scraping us. Only the busiest streams get their own `stream` label; the rest are summed into one
// `stream="other"` series so totals still add up (docs/prometheus.md, "Stream cardinality").

export const DEFAULT_STREAM_LIMIT = 20;
export const OTHER_STREAM = 'other';

/** The streams folded into `stream="other"`: their sums, null where none of them has the value. */
export interface OtherStreams {
  count: number;
  viewers: number | null;
  bandwidthBps: number | null;
}

export interface CappedStreams {
  /** At most `limit` streams, busiest first. */
  top: StreamLive[];
  /** Null when every stream fits under the limit. */
  other: OtherStreams | null;
}

function sumKnown(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a + b;
}

/** Streams of one name (the same name on two servers) are one series: their values add up. */
function mergeByName(streams: readonly StreamLive[]): StreamLive[] {
  const byName = new Map<string, StreamLive>();
  for (const stream of streams) {
    const seen = byName.get(stream.name);
    byName.set(
      stream.name,
      seen
        ? {
            name: stream.name,
            viewers: sumKnown(seen.viewers, stream.viewers),
            bandwidthBps: sumKnown(seen.bandwidthBps, stream.bandwidthBps),
          }
        : stream,
    );
  }
  return [...byName.values()];
}

/** Busiest first: by viewers, then bandwidth (a provider may lack viewers), unknown last, then by name. */
function busiestFirst(a: StreamLive, b: StreamLive): number {
  const viewers = (b.viewers ?? -1) - (a.viewers ?? -1);
  if (viewers !== 0) return viewers;
  const bandwidth = (b.bandwidthBps ?? -1) - (a.bandwidthBps ?? -1);
  if (bandwidth !== 0) return bandwidth;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Keeps the `limit` busiest streams and sums the rest. A stream really named "other" is always counted
 * in the "other" series, so the two can never collide on one label set.
 */
export function capStreams(streams: readonly StreamLive[], limit = DEFAULT_STREAM_LIMIT): CappedStreams {
  if (!Number.isInteger(limit) || limit < 0)
    throw new RangeError(`stream limit must be a whole number ≥ 0, got ${limit}`);
  const ranked = mergeByName(streams).sort(busiestFirst);
  const top: StreamLive[] = [];
  const rest: StreamLive[] = [];
  for (const stream of ranked) {
    if (stream.name !== OTHER_STREAM && top.length < limit) top.push(stream);
    else rest.push(stream);
  }
  if (rest.length === 0) return { top, other: null };
  let viewers: number | null = null;
  let bandwidthBps: number | null = null;
  for (const stream of rest) {
    viewers = sumKnown(viewers, stream.viewers);
    bandwidthBps = sumKnown(bandwidthBps, stream.bandwidthBps);
  }
  return { top, other: { count: rest.length, viewers, bandwidthBps } };
}
