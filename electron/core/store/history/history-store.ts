import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { z } from 'zod';
import type { Series, seriesRequestSchema } from '../../../../shared/bridge.ts';
import type { LiveReading } from '../../../../shared/domain.ts';
import { realClock, type Clock } from '../../clock.ts';
import { openDatabase } from '../sqlite-database.ts';
import { asStorageError } from '../storage-error.ts';
import { ignoredStorageHealth, type StorageReports } from '../storage-health.ts';
import { mergeParts, toPoints, type BucketRow } from './buckets.ts';
import { applyHistoryPragmas, HISTORY_SCHEMA } from './history-schema.ts';
import { inTimeOrder } from './time-order.ts';
import { planQuery } from './query-plan.ts';
import { retentionPolicySchema, tiersOf, type RetentionPolicy, type Tier } from './retention.ts';

export { retentionPolicySchema, type RetentionPolicy } from './retention.ts';

export interface HistoryPoint {
  /** UTC epoch ms. */
  t: number;
  /** null: the source's total. */
  stream: string | null;
  viewers: number | null;
  bandwidthBps: number | null;
}

export interface HistoryStore {
  /**
   * Stores one poll (total + every stream) in chunks that yield to the event loop. Resolves once
   * committed, or once given up because the storage refused it: then the poll's samples are dropped,
   * counted and reported to the storage health, and the store goes on with the next poll.
   */
  record(sourceId: string, reading: LiveReading): Promise<void>;
  /** Chart query: at most maxPoints per series, picking raw / 1-min / 5-min / daily tiers by range. */
  series(request: z.output<typeof seriesRequestSchema>): Series[];
  /** Newest stored time (UTC epoch ms) for a source, any tier; null when nothing is stored. */
  latestAt(sourceId: string): number | null;
  /** Every stream with stored rows, and its newest stored time (UTC epoch ms, any tier). */
  streamsSeen(): StreamSeen[];
  /** Provider history merged in without overwriting finer data already there. */
  backfill(sourceId: string, resolutionMs: number, points: readonly HistoryPoint[]): Promise<void>;
  /** Rollups and retention, incrementally, one short transaction per step. */
  maintain(now: number): Promise<void>;
  /** Resolves when every write started so far has committed. */
  idle(): Promise<void>;
  close(): void;
}

export interface StreamSeen {
  sourceId: string;
  stream: string;
  lastAt: number;
}

export interface HistoryStoreOptions {
  /** SQLite file; ':memory:' for a throwaway store. */
  file: string;
  retention?: Partial<RetentionPolicy>;
  clock?: Clock;
  /** Rows per transaction when recording (default 250): bounds how long one step holds the loop. */
  chunkRows?: number;
  /** Where failed and working writes are reported (the core's storage health). */
  storage?: StorageReports;
}

interface DirtyRange {
  /** Tier to rebuild (≥ 1) from the tier below it. */
  tier: number;
  fromSec: number;
  toSec: number;
  ids: Set<number>;
}

const DEFAULT_CHUNK_ROWS = 250;
const RETENTION_CHUNK = 256;
/** Series per rollup transaction: bounds how long one rollup step holds the event loop. */
const ROLLUP_CHUNK = 50;
/**
 * How much time one rollup pass of a tier covers (seconds), per tier. Every series has its own key range,
 * so a pass touches a page or two per series whatever its length: rolling up a quarter hour of minutes
 * at once writes each page once instead of fifteen times. Charts read the not-yet-rolled tail from the
 * tier below, so nothing is missing meanwhile.
 */
const ROLLUP_BATCH_SEC = [1, 900, 3_600, 86_400];
/** A tier's retention pass runs again only once its cutoff has moved this far (seconds). */
const RETENTION_STEP_SEC = 600;

const alignDown = (sec: number, res: number) => Math.floor(sec / res) * res;
const alignUp = (sec: number, res: number) => Math.ceil(sec / res) * res;
const toInt = (value: number | null) => (value === null ? null : Math.round(value));

function num(value: SQLOutputValue | undefined): number | null {
  return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : null;
}

function asBucket(row: Record<string, SQLOutputValue>): BucketRow {
  return {
    k: num(row['k']) ?? 0,
    tmin: num(row['tmin']) ?? 0,
    n: num(row['n']) ?? 0,
    vmin: num(row['vmin']),
    vmax: num(row['vmax']),
    vsum: num(row['vsum']),
    vn: num(row['vn']) ?? 0,
    bmin: num(row['bmin']),
    bmax: num(row['bmax']),
    bsum: num(row['bsum']),
    bn: num(row['bn']) ?? 0,
  };
}

/** A JSON array SQLite built from our own rows (numbers and nulls). */
function jsonNumbers(text: SQLOutputValue | undefined): (number | null)[] {
  return typeof text === 'string' ? (JSON.parse(text) as (number | null)[]) : [];
}

function seriesKey(sourceId: string, stream: string | null): string {
  return stream === null ? `${sourceId}\u0000` : `${sourceId}\u0000\u0001${stream}`;
}

/** Aggregate of one series over [from, to) in buckets of `?1` seconds, from the raw table or a rollup. */
function bucketSql(tier: Tier): string {
  const range = 'FROM %T WHERE series_id = ?2 AND ts >= ?3 AND ts < ?4 GROUP BY k ORDER BY k'.replace(
    '%T',
    tier.table,
  );
  if (tier.table === 'samples') {
    return `SELECT ts / CAST(?1 AS INTEGER) AS k, min(ts) AS tmin, count(*) AS n, min(viewers) AS vmin, max(viewers) AS vmax,
      sum(viewers) AS vsum, count(viewers) AS vn, min(bw) AS bmin, max(bw) AS bmax, sum(bw) AS bsum,
      count(bw) AS bn ${range}`;
  }
  return `SELECT ts / CAST(?1 AS INTEGER) AS k, min(ts) AS tmin, count(*) AS n, min(v_min) AS vmin, max(v_max) AS vmax,
    sum(v_sum) AS vsum, sum(v_n) AS vn, min(b_min) AS bmin, max(b_max) AS bmax, sum(b_sum) AS bsum,
    sum(b_n) AS bn ${range}`;
}

/** Rebuilds a tier's buckets in [from, to) for a set of series from the tier below (idempotent). */
function rollupSql(target: Tier, below: Tier): string {
  const res = target.resSec;
  const pick =
    below.table === 'samples'
      ? 'min(viewers), max(viewers), sum(viewers), count(viewers), min(bw), max(bw), sum(bw), count(bw)'
      : 'min(v_min), max(v_max), sum(v_sum), sum(v_n), min(b_min), max(b_max), sum(b_sum), sum(b_n)';
  return `INSERT OR REPLACE INTO ${target.table}
      (series_id, ts, v_min, v_max, v_sum, v_n, b_min, b_max, b_sum, b_n)
    SELECT series_id, ts / ${res} * ${res}, ${pick} FROM ${below.table}
    WHERE series_id IN (SELECT value FROM json_each(?1)) AND ts >= ?2 AND ts < ?3
    GROUP BY series_id, ts / ${res}`;
}

export function openHistoryStore(options: HistoryStoreOptions): HistoryStore {
  const policy = retentionPolicySchema.parse(options.retention ?? {});
  const tiers = tiersOf(policy);
  const clock = options.clock ?? realClock;
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const file = options.file;
  const storage = options.storage ?? ignoredStorageHealth;
  const db: DatabaseSync = openDatabase(file, 'normal', 'history');
  try {
    db.exec(HISTORY_SCHEMA);
    applyHistoryPragmas(db);
  } catch (error) {
    db.close();
    throw asStorageError(error, 'history', file) ?? error;
  }

  const st = {
    insertSeries: db.prepare('INSERT INTO series (source_id, is_stream, stream) VALUES (?, ?, ?)'),
    upsertSample: db.prepare(
      'INSERT OR REPLACE INTO samples (series_id, ts, viewers, bw) VALUES (?, ?, ?, ?)',
    ),
    insertSampleIfNew: db.prepare(
      'INSERT OR IGNORE INTO samples (series_id, ts, viewers, bw) VALUES (?, ?, ?, ?)',
    ),
    setLatest: db.prepare(
      'INSERT INTO source_state (source_id, latest_ms) VALUES (?, ?) ON CONFLICT (source_id) DO UPDATE SET latest_ms = max(latest_ms, excluded.latest_ms)',
    ),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    bucket: tiers.map((tier) => db.prepare(bucketSql(tier))),
    rollup: tiers.map((tier, i) => {
      const below = tiers[i - 1];
      return below ? db.prepare(rollupSql(tier, below)) : undefined;
    }),
    anyIn: tiers.map((tier) =>
      db.prepare(`SELECT 1 AS hit FROM ${tier.table} WHERE series_id = ? AND ts >= ? AND ts < ? LIMIT 1`),
    ),
    insertRollupIfNew: tiers.map((tier) =>
      tier.table === 'samples'
        ? undefined
        : db.prepare(
            `INSERT OR IGNORE INTO ${tier.table} (series_id, ts, v_min, v_max, v_sum, v_n, b_min, b_max, b_sum, b_n)
         VALUES (?1, ?2, ?3, ?3, ?3, ?4, ?5, ?5, ?5, ?6)`,
          ),
    ),
    // Every requested series as JSON arrays built inside SQLite, in one statement: one row per series
    // crosses into JS instead of thousands, and the per-call cost is paid once, not per series. The rows
    // are read straight off the primary key (series, then time), so each array comes out in time order
    // with no ordering subquery, which copied every row once more (a third of the query's time). SQLite
    // does not promise that order for an aggregate, so `inTimeOrder` checks it and sorts if ever needed.
    meanJson: tiers.map((tier) =>
      tier.table === 'samples'
        ? undefined
        : db.prepare(
            `SELECT series_id AS id, json_group_array(ts * 1000) AS t,
               json_group_array(CASE WHEN v_n = 1 THEN v_sum WHEN v_n > 0 THEN v_sum * 1.0 / v_n END) AS v,
               json_group_array(CASE WHEN b_n = 1 THEN b_sum WHEN b_n > 0 THEN b_sum * 1.0 / b_n END) AS b
             FROM ${tier.table}
             WHERE series_id IN (SELECT value FROM json_each(?1)) AND ts >= ?2 AND ts < ?3
             GROUP BY series_id`,
          ),
    ),
    trim: tiers.map((tier) => db.prepare(`DELETE FROM ${tier.table} WHERE series_id = ? AND ts < ?`)),
    // One primary-key lookup per series and tier: cheap even for thousands of streams.
    streamsSeen: db.prepare(
      `SELECT source_id, stream, max(${tiers
        .map((tier) => `coalesce((SELECT max(ts) FROM ${tier.table} WHERE series_id = series.id), -1)`)
        .join(', ')}) AS last FROM series WHERE is_stream = 1`,
    ),
  };

  const ids = new Map<string, number>();
  const idsBySource = new Map<string, Set<number>>();
  const latest = new Map<string, number>();
  const allSeries = db.prepare('SELECT id, source_id, is_stream, stream FROM series');
  const allLatest = db.prepare('SELECT source_id, latest_ms FROM source_state');
  /** What memory keeps of the file: read at open, and again after a rollback undid a write. */
  function readMemory(): void {
    ids.clear();
    idsBySource.clear();
    latest.clear();
    for (const row of allSeries.all()) {
      const id = num(row['id']) ?? 0;
      const sourceId = String(row['source_id']);
      ids.set(seriesKey(sourceId, row['is_stream'] === 1 ? String(row['stream']) : null), id);
      idsBySource.set(sourceId, (idsBySource.get(sourceId) ?? new Set()).add(id));
    }
    for (const row of allLatest.all()) latest.set(String(row['source_id']), num(row['latest_ms']) ?? 0);
  }
  readMemory();
  // watermarks[i]: every bucket of tier i before it is complete (as of the last maintain).
  const watermarks = tiers.map(() => 0);
  const dirty = new Map<string, DirtyRange>();
  const pending = new Set<Promise<unknown>>();
  const lastCutoff = tiers.map(() => Number.NEGATIVE_INFINITY);
  let closed = false;

  function markDirty(tier: number, fromSec: number, toSec: number, seriesIds: Iterable<number>): void {
    const resolution = tiers[tier]?.resSec;
    if (resolution === undefined) return;
    const res = Math.max(resolution, ROLLUP_BATCH_SEC[tier] ?? resolution);
    const from = alignDown(fromSec, res);
    const to = Math.max(alignUp(toSec, res), from + res);
    const key = `${tier}:${from}:${to}`;
    const range = dirty.get(key) ?? { tier, fromSec: from, toSec: to, ids: new Set<number>() };
    for (const id of seriesIds) range.ids.add(id);
    dirty.set(key, range);
  }

  // Recovery: rebuild anything after the persisted watermarks, which a crash may have left un-rolled.
  const metaRows = db.prepare('SELECT key, value FROM meta').all();
  const newestSec = Math.floor(Math.max(0, ...latest.values()) / 1000);
  const allIds = [...ids.values()];
  for (let tier = 1; tier < tiers.length; tier += 1) {
    const stored = metaRows.find((row) => row['key'] === `watermark:${tier}`);
    const mark = stored
      ? (num(stored['value']) ?? 0)
      : alignDown(Math.floor(clock.now() / 1000), tiers[tier]?.resSec ?? 1);
    watermarks[tier] = mark;
    if (stored && mark <= newestSec && allIds.length > 0) markDirty(tier, mark, newestSec + 1, allIds);
  }

  function assertOpen(): void {
    if (closed) throw new Error('history store is closed');
  }

  function track<T>(work: Promise<T>): Promise<T> {
    pending.add(work);
    const done = () => pending.delete(work);
    work.then(done, done);
    return work;
  }

  function transaction(fn: () => void): void {
    assertOpen();
    db.exec('BEGIN');
    try {
      fn();
      db.exec('COMMIT');
    } catch (error) {
      // SQLite has already rolled back on SQLITE_FULL and some I/O errors: only ROLLBACK what is open,
      // so the real error is the one that surfaces.
      if (db.isTransaction) {
        try {
          db.exec('ROLLBACK');
        } catch {
          // Nothing left to undo.
        }
      }
      // Series ids and latest times made inside the transaction are gone from the file: forget them too.
      try {
        readMemory();
      } catch {
        // Unreadable as well: the next write fails the same way and tries again.
      }
      throw error;
    }
  }

  /**
   * A write that the storage refused is given up: counted, reported, and resolved, so a full disk costs
   * chart points and never the poller or the process. Anything else is a bug and rejects as before.
   */
  async function guardedWrite(work: () => Promise<void>, dropsOnFailure: boolean): Promise<void> {
    try {
      await work();
    } catch (error) {
      const fault = asStorageError(error, 'history', file);
      if (!fault) throw error;
      if (dropsOnFailure) storage.droppedHistoryWrite();
      storage.failed(fault);
      return;
    }
    storage.worked('history');
  }

  function intern(sourceId: string, stream: string | null): number {
    const key = seriesKey(sourceId, stream);
    const known = ids.get(key);
    if (known !== undefined) return known;
    const id = Number(st.insertSeries.run(sourceId, stream === null ? 0 : 1, stream ?? '').lastInsertRowid);
    ids.set(key, id);
    idsBySource.set(sourceId, (idsBySource.get(sourceId) ?? new Set()).add(id));
    return id;
  }

  function noteLatest(sourceId: string, atMs: number): void {
    st.setLatest.run(sourceId, atMs);
    latest.set(sourceId, Math.max(latest.get(sourceId) ?? atMs, atMs));
  }

  /** Where tier `tier` stops being complete: its rows before this are final, raw covers the rest. */
  function effectiveWatermark(tier: number): number {
    return Math.min(watermarks[tier] ?? 0, dirtyFloor(tier));
  }

  /** The earliest bucket start still waiting to be rolled up into `tier` or a finer tier. */
  function dirtyFloor(tier: number): number {
    let floor = Number.POSITIVE_INFINITY;
    for (const range of dirty.values()) if (range.tier <= tier) floor = Math.min(floor, range.fromSec);
    return floor;
  }

  async function inChunks<T>(items: readonly T[], size: number, each: (item: T) => void): Promise<void> {
    for (let start = 0; start < items.length; start += size) {
      if (start > 0) await yieldToLoop();
      transaction(() => {
        for (const item of items.slice(start, start + size)) each(item);
      });
    }
  }

  async function record(sourceId: string, reading: LiveReading): Promise<void> {
    assertOpen();
    const ts = Math.floor(reading.at / 1000);
    const rows: [string | null, number | null, number | null][] = [
      [null, reading.viewers, reading.bandwidthBps],
      ...reading.streams.map((s): [string, number | null, number | null] => [
        s.name,
        s.viewers,
        s.bandwidthBps,
      ]),
    ];
    const touched: number[] = [];
    await inChunks(rows, chunkRows, ([stream, viewers, bandwidth]) => {
      const id = intern(sourceId, stream);
      st.upsertSample.run(id, ts, toInt(viewers), toInt(bandwidth));
      touched.push(id);
    });
    transaction(() => noteLatest(sourceId, reading.at));
    markDirty(1, ts, ts + 1, touched);
  }

  async function backfill(
    sourceId: string,
    resolutionMs: number,
    points: readonly HistoryPoint[],
  ): Promise<void> {
    assertOpen();
    const nowSec = Math.floor(clock.now() / 1000);
    const resSec = Math.max(1, Math.round(resolutionMs / 1000));
    const newest = { at: Number.NEGATIVE_INFINITY };
    await inChunks(points, chunkRows, (point) => {
      const ts = Math.floor(point.t / 1000);
      // The finest tier that still keeps rows this old; older than every tier: nothing would keep it.
      const tier = tiers.findIndex((t) => t.keepSec === null || ts >= nowSec - t.keepSec);
      const target = tiers[tier];
      if (!target) return;
      const id = intern(sourceId, point.stream);
      const at = alignDown(ts, target.resSec);
      const end = Math.max(ts + resSec, at + target.resSec);
      // Finer data already covering the point's interval wins: a coarse average would only blur it.
      if (st.anyIn[tier]?.get(id, at, end) !== undefined) return;
      const viewers = toInt(point.viewers);
      const bandwidth = toInt(point.bandwidthBps);
      if (tier === 0) st.insertSampleIfNew.run(id, ts, viewers, bandwidth);
      else {
        st.insertRollupIfNew[tier]?.run(
          id,
          at,
          viewers,
          viewers === null ? 0 : 1,
          bandwidth,
          bandwidth === null ? 0 : 1,
        );
      }
      markDirty(tier + 1, at, end, [id]);
      newest.at = Math.max(newest.at, point.t);
    });
    if (Number.isFinite(newest.at)) transaction(() => noteLatest(sourceId, newest.at));
  }

  async function maintain(nowMs: number): Promise<void> {
    assertOpen();
    const nowSec = Math.floor(nowMs / 1000);
    for (let tier = 1; tier < tiers.length; tier += 1) {
      const rollup = st.rollup[tier];
      const res = tiers[tier]?.resSec ?? 1;
      // A bucket is final once it has ended and the tier below is complete up to its end.
      const ready = Math.min(nowSec, tier === 1 ? Number.POSITIVE_INFINITY : effectiveWatermark(tier - 1));
      const due = [...dirty.entries()].filter(([, r]) => r.tier === tier && r.toSec <= ready);
      for (const [key, range] of due) {
        const rangeIds = [...range.ids];
        for (let start = 0; start < rangeIds.length; start += ROLLUP_CHUNK) {
          await yieldToLoop();
          const chunk = JSON.stringify(rangeIds.slice(start, start + ROLLUP_CHUNK));
          transaction(() => rollup?.run(chunk, range.fromSec, range.toSec));
        }
        dirty.delete(key);
        markDirty(tier + 1, range.fromSec, range.toSec, range.ids);
      }
      // Not effectiveWatermark: that includes this tier's old watermark, which could then never advance.
      watermarks[tier] = Math.min(alignDown(ready, res), dirtyFloor(tier));
    }
    transaction(() => {
      for (let tier = 1; tier < tiers.length; tier += 1)
        st.setMeta.run(`watermark:${tier}`, watermarks[tier] ?? 0);
    });
    const everyId = [...ids.values()];
    for (let tier = 0; tier < tiers.length; tier += 1) {
      const keep = tiers[tier]?.keepSec ?? null;
      if (keep === null) continue;
      // Rows leave a tier only once the next coarser tier holds their summary.
      const cutoff = Math.min(
        nowSec - keep,
        tier + 1 < tiers.length ? effectiveWatermark(tier + 1) : Infinity,
      );
      // One key-range delete per series: cheap, but not worth repeating for every poll.
      if (cutoff - (lastCutoff[tier] ?? Number.NEGATIVE_INFINITY) < RETENTION_STEP_SEC) continue;
      lastCutoff[tier] = cutoff;
      for (let start = 0; start < everyId.length; start += RETENTION_CHUNK) {
        await yieldToLoop();
        transaction(() => {
          for (const id of everyId.slice(start, start + RETENTION_CHUNK)) st.trim[tier]?.run(id, cutoff);
        });
      }
    }
  }

  function query(tier: number, bucketSec: number, id: number, fromSec: number, toSec: number): BucketRow[] {
    if (fromSec >= toSec) return [];
    return (st.bucket[tier]?.all(bucketSec, id, fromSec, toSec) ?? []).map(asBucket);
  }

  function series(request: z.output<typeof seriesRequestSchema>): Series[] {
    assertOpen();
    const plan = planQuery(tiers, request, clock.now());
    const names: (string | null)[] = request.streams ?? [null];
    // Aligned to buckets, the tier's part and the raw tail never share a bucket.
    const mark =
      plan.tier === 0
        ? plan.toSec
        : Math.max(plan.fromSec, alignDown(effectiveWatermark(plan.tier), plan.bucketSec));
    const meanJson = st.meanJson[plan.tier];
    const direct = plan.mode === 'mean' && plan.bucketSec === tiers[plan.tier]?.resSec && meanJson;
    const seriesIds = names.map((stream) => ids.get(seriesKey(request.sourceId, stream)));
    const rolled = new Map<number, Record<string, SQLOutputValue>>();
    if (direct) {
      const known = seriesIds.filter((id): id is number => id !== undefined);
      for (const row of meanJson.all(JSON.stringify(known), plan.fromSec, Math.min(plan.toSec, mark))) {
        rolled.set(num(row['id']) ?? 0, row);
      }
    }
    return names.map((stream, index) => {
      const id = seriesIds[index];
      if (direct && id !== undefined) {
        const row = rolled.get(id);
        const tail = toPoints(query(0, plan.bucketSec, id, mark, plan.toSec), plan.bucketSec, 'mean');
        const t = jsonNumbers(row?.['t']) as number[];
        const viewers = jsonNumbers(row?.['v']);
        const bandwidthBps = jsonNumbers(row?.['b']);
        inTimeOrder(t, viewers, bandwidthBps);
        // The raw tail is usually a few minutes or nothing: append in place rather than copy 1,440 points.
        t.push(...tail.t);
        viewers.push(...tail.viewers);
        bandwidthBps.push(...tail.bandwidthBps);
        return {
          sourceId: request.sourceId,
          stream,
          resolutionMs: plan.bucketSec * 1000,
          t,
          viewers,
          bandwidthBps,
        };
      }
      const rows =
        id === undefined
          ? []
          : mergeParts([
              query(plan.tier, plan.bucketSec, id, plan.fromSec, Math.min(plan.toSec, mark)),
              // Rows newer than the tier's watermark are not rolled up yet: the raw table has them.
              plan.tier === 0 ? [] : query(0, plan.bucketSec, id, mark, plan.toSec),
            ]);
      return {
        sourceId: request.sourceId,
        stream,
        resolutionMs: plan.bucketSec * 1000,
        ...toPoints(rows, plan.bucketSec, plan.mode),
      };
    });
  }

  return {
    record: (sourceId, reading) => track(guardedWrite(() => record(sourceId, reading), true)),
    backfill: (sourceId, resolutionMs, points) =>
      track(guardedWrite(() => backfill(sourceId, resolutionMs, points), true)),
    maintain: (nowMs) => track(guardedWrite(() => maintain(nowMs), false)),
    series,
    latestAt: (sourceId) => latest.get(sourceId) ?? null,
    streamsSeen() {
      assertOpen();
      return st.streamsSeen
        .all()
        .map((row) => ({ sourceId: String(row['source_id']), stream: String(row['stream']), last: num(row['last']) ?? -1 }))
        .filter((row) => row.last >= 0)
        .map((row) => ({ sourceId: row.sourceId, stream: row.stream, lastAt: row.last * 1000 }));
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close() {
      if (closed) return;
      // The watermarks say where a reopened store must resume rolling up; never past un-rolled rows.
      try {
        for (let tier = 1; tier < tiers.length; tier += 1) {
          st.setMeta.run(`watermark:${tier}`, Math.min(watermarks[tier] ?? 0, effectiveWatermark(tier)));
        }
      } catch {
        // Not writable now: the reopened store rebuilds from the watermarks stored last.
      }
      closed = true;
      db.close();
    },
  };
}
