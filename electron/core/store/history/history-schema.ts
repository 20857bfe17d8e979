import type { DatabaseSync } from 'node:sqlite';

// Storage layout. Samples are keyed (series_id, ts) in WITHOUT ROWID tables, so a row is the key plus
// two small integers (about 20 bytes on disk), a chart reads one contiguous key range per series, and
// retention deletes a key range per series instead of scanning the whole table. Times are Unix seconds:
// 4-byte integers where milliseconds would take 6, and no chart needs finer than a second.

const rollupTable = (name: string) => `
CREATE TABLE IF NOT EXISTS ${name} (
  series_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  v_min INTEGER, v_max INTEGER, v_sum INTEGER, v_n INTEGER NOT NULL,
  b_min INTEGER, b_max INTEGER, b_sum INTEGER, b_n INTEGER NOT NULL,
  PRIMARY KEY (series_id, ts)
) WITHOUT ROWID;`;

export const HISTORY_SCHEMA = `
CREATE TABLE IF NOT EXISTS series (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL,
  -- 0: the source's total (stream is ''), 1: one stream. Keeps "" a legal stream name.
  is_stream INTEGER NOT NULL,
  stream TEXT NOT NULL,
  UNIQUE (source_id, is_stream, stream)
);
CREATE TABLE IF NOT EXISTS samples (
  series_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  viewers INTEGER,
  bw INTEGER,
  PRIMARY KEY (series_id, ts)
) WITHOUT ROWID;
${rollupTable('rollup_1m')}
${rollupTable('rollup_5m')}
${rollupTable('rollup_1d')}
CREATE TABLE IF NOT EXISTS source_state (source_id TEXT PRIMARY KEY, latest_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

/**
 * Settings of the history database, set on every open (the benchmark's bare loop uses them too).
 * - An 8 MB page cache (SQLite's default is 2 MB): a day of minutes for the series a dashboard shows is a
 *   few MB of pages, kept in memory between chart refreshes instead of re-read each time.
 * - A checkpoint every 250 WAL pages instead of 1,000: SQLite checkpoints inside the COMMIT that crosses
 *   the mark, and copying 4 MB there stalled the event loop (and the webhook listener sharing it) for
 *   15 ms; a quarter of that halves the longest stall, for a few more small checkpoints.
 */
export function applyHistoryPragmas(db: DatabaseSync): void {
  db.exec('PRAGMA cache_size = -8000');
  db.exec('PRAGMA wal_autocheckpoint = 250');
}
