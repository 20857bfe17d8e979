// Chart series come out of SQLite as three parallel arrays (see history-store.ts, meanJson); their order
// follows the query plan, which SQLite does not promise for aggregates. This puts them in time order.

/** Three parallel arrays, sorted by `t` in place unless they already are (the usual case: one pass). */
export function inTimeOrder(t: number[], viewers: (number | null)[], bandwidthBps: (number | null)[]): void {
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i += 1) sorted = (t[i - 1] ?? 0) <= (t[i] ?? 0);
  if (sorted) return;
  const order = t.map((_, i) => i).sort((a, b) => (t[a] ?? 0) - (t[b] ?? 0));
  const [t0, v0, b0] = [[...t], [...viewers], [...bandwidthBps]];
  order.forEach((from, to) => {
    t[to] = t0[from] ?? 0;
    viewers[to] = v0[from] ?? null;
    bandwidthBps[to] = b0[from] ?? null;
  });
}
