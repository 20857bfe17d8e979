// Chart downsampling. A bucket carries enough to merge with another part of itself (a coarse tier's
// rows and the fresh raw tail can meet in one bucket) and to be drawn either as its mean or as its low
// and its high, so a one-sample spike still shows on a week-long chart.

/** One bucket of one series, as the aggregate query returns it. Times in Unix seconds. */
export interface BucketRow {
  k: number;
  tmin: number;
  n: number;
  vmin: number | null;
  vmax: number | null;
  vsum: number | null;
  vn: number;
  bmin: number | null;
  bmax: number | null;
  bsum: number | null;
  bn: number;
}

export interface Points {
  t: number[];
  viewers: (number | null)[];
  bandwidthBps: (number | null)[];
}

const lower = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const upper = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
const plus = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

export function mergeBucket(a: BucketRow, b: BucketRow): BucketRow {
  return {
    k: a.k,
    tmin: Math.min(a.tmin, b.tmin),
    n: a.n + b.n,
    vmin: lower(a.vmin, b.vmin),
    vmax: upper(a.vmax, b.vmax),
    vsum: plus(a.vsum, b.vsum),
    vn: a.vn + b.vn,
    bmin: lower(a.bmin, b.bmin),
    bmax: upper(a.bmax, b.bmax),
    bsum: plus(a.bsum, b.bsum),
    bn: a.bn + b.bn,
  };
}

/** Rows of several parts (each sorted by k) merged into one sorted list, one row per bucket. */
export function mergeParts(parts: readonly (readonly BucketRow[])[]): BucketRow[] {
  const byKey = new Map<number, BucketRow>();
  for (const part of parts) {
    for (const row of part) {
      const seen = byKey.get(row.k);
      byKey.set(row.k, seen ? mergeBucket(seen, row) : row);
    }
  }
  return [...byKey.values()].sort((x, y) => x.k - y.k);
}

const mean = (sum: number | null, n: number) => (sum === null || n === 0 ? null : sum / n);

/**
 * Chart points, times in ms. `mean`: one point per bucket at its first sample. `envelope`: a bucket of
 * several rows becomes its low then its high (half a bucket apart), so at most two points per bucket.
 */
export function toPoints(rows: readonly BucketRow[], bucketSec: number, mode: 'mean' | 'envelope'): Points {
  const out: Points = { t: [], viewers: [], bandwidthBps: [] };
  for (const row of rows) {
    // One underlying sample has no spread to draw. Count samples, not rows: one rollup row can hold many.
    if (mode === 'mean' || (row.vn <= 1 && row.bn <= 1)) {
      out.t.push(row.tmin * 1000);
      out.viewers.push(mean(row.vsum, row.vn));
      out.bandwidthBps.push(mean(row.bsum, row.bn));
      continue;
    }
    const start = row.k * bucketSec * 1000;
    out.t.push(start, start + (bucketSec * 1000) / 2);
    out.viewers.push(row.vmin, row.vmax);
    out.bandwidthBps.push(row.bmin, row.bmax);
  }
  return out;
}
