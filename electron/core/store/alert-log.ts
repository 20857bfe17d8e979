import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { AlertEvent } from '../../../shared/alerts.ts';
import { integrityCheck, openDatabase, type SyncMode } from './sqlite-database.ts';
import { createEventFeed } from './alert-feed.ts';
import { SqliteIncidentStore } from './sqlite-incident-store.ts';
import { startWalCheckpointer, type WalCheckpointerOptions } from './wal-checkpointer.ts';

/** The provider's own proof of a webhook delivery; part of the event's identity. */
export interface DeliveryIdentity {
  /** `time` exactly as received. */
  time: string;
  /** Lower-case hex. */
  digest: string;
}

/** An event before the log gives it an id. `delivery` is null for derived events (never deduplicated). */
export type AlertCandidate = Omit<AlertEvent, 'id'> & { delivery: DeliveryIdentity | null };

/** An event as the log keeps it. */
export type LoggedEvent = AlertEvent & { delivery: DeliveryIdentity | null };

/** The event without its delivery proof: what the engine, the Bridge API and the renderer see. */
export function withoutDelivery(event: LoggedEvent): AlertEvent {
  const { delivery: _delivery, ...rest } = event;
  return rest;
}

export interface AppendResult {
  event: LoggedEvent;
  /** True when the same event was already in the log: nothing new was stored. */
  duplicate: boolean;
}

export interface AlertLog {
  readonly file: string;
  /**
   * Stores events; resolves only after their COMMIT. Calls made in the same turn of the event loop, or
   * the next, share one transaction (group commit), so concurrent deliveries cost one commit between them.
   */
  append(candidates: readonly AlertCandidate[]): Promise<AppendResult[]>;
  /** Events in the order they were logged, newest last; `sinceMs` filters on `receivedAt`. */
  list(filter?: { sinceMs?: number; limit?: number }): LoggedEvent[];
  /** Incidents, kept in the same database. */
  readonly incidents: SqliteIncidentStore;
  /**
   * Sets the one consumer of stored events (repeats excluded): the alert engine, so webhook and derived
   * events reach it by one path. It gets them a moment after their commit, many at a time, inside a
   * transaction that commits its incident writes with a cursor (see alert-feed.ts); events stored while
   * no consumer ran, or not handed over before a crash, come first. If it throws, only its own writes
   * are undone and `onError` hears of it: the events stay in the log, because they were accepted.
   */
  onStored(consumer: (events: AlertEvent[]) => void, onError: (error: unknown) => void): void;
  /** Hands the consumer what is pending now instead of after the short gathering delay. */
  drainToConsumer(): void;
  /**
   * Transactions committed and events newly stored since opening (shows group commit at work), and the
   * WAL checkpoints run inline and on the checkpoint worker.
   */
  stats(): { commits: number; stored: number; checkpoints: { inline: number; offThread: number } };
  integrityCheck(): string;
  close(): void;
}

export const ALERT_LOG_FILE = 'alerts.sqlite';

export function alertLogPath(dataDir: string): string {
  return join(dataDir, ALERT_LOG_FILE);
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alert_events (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  status TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  origin TEXT NOT NULL,
  checkpoints TEXT NOT NULL,
  reason TEXT,
  viewers INTEGER,
  delivery_time TEXT,
  delivery_digest TEXT,
  -- The latest received_at up to this row: never goes backwards, so 'since' listings can binary-search
  -- ids for where to start (NULL in rows written before it existed).
  received_max INTEGER,
  -- A webhook repeat (same source, time, digest, subject and status) is the same event, even after a
  -- restart. Derived events carry NULLs here, which SQLite treats as distinct: they are never merged.
  UNIQUE (source_id, delivery_time, delivery_digest, subject_kind, subject_name, status)
);
-- Reading by received_at starts from an id found through received_max instead (firstIdReceivedSince):
-- this index cost every commit a page of its own.
DROP INDEX IF EXISTS alert_events_received;
`;

const rowSchema = z.object({
  id: z.number(),
  source_id: z.string(),
  subject_kind: z.enum(['stream', 'server', 'source']),
  subject_name: z.string(),
  status: z.enum(['offline', 'online']),
  occurred_at: z.number(),
  received_at: z.number(),
  origin: z.enum(['webhook', 'derived']),
  checkpoints: z.string(),
  reason: z.string().nullable(),
  viewers: z.number().nullable(),
  delivery_time: z.string().nullable(),
  delivery_digest: z.string().nullable(),
});

const checkpointsSchema = z.array(z.string());
const receivedRow = z.object({ id: z.number(), received_max: z.number() });

/** Logs made before received_max existed get it; their rows keep NULL, read as their own received_at. */
function addReceivedMax(db: DatabaseSync): void {
  const columns = db.prepare('PRAGMA table_info(alert_events)').all();
  if (!columns.some((column) => column['name'] === 'received_max'))
    db.exec('ALTER TABLE alert_events ADD COLUMN received_max INTEGER');
}

function toEvent(raw: unknown): LoggedEvent {
  const row = rowSchema.parse(raw);
  const event: LoggedEvent = {
    id: row.id,
    sourceId: row.source_id,
    subject: { kind: row.subject_kind, name: row.subject_name },
    status: row.status,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    origin: row.origin,
    checkpoints: checkpointsSchema.parse(JSON.parse(row.checkpoints)),
    delivery:
      row.delivery_time !== null && row.delivery_digest !== null
        ? { time: row.delivery_time, digest: row.delivery_digest }
        : null,
  };
  if (row.reason !== null) event.reason = row.reason;
  if (row.viewers !== null) event.viewers = row.viewers;
  return event;
}

interface Pending {
  candidates: readonly AlertCandidate[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Opens `<dataDir>/alerts.sqlite`, creating it if needed. `sync` defaults to `normal`, deliberately: it
 * keeps every acknowledged delivery through a killed or crashed app (the SIGKILL test proves it), while
 * `full` adds an fsync per batch whose latency on ordinary and shared disks (tens of ms at p99, measured)
 * would dominate WMSPanel's wait. What `normal` gives up is the last moments of alerts on power loss or
 * an OS crash; pass `full` where that matters more than latency.
 */
export interface AlertLogOptions {
  sync?: SyncMode;
  /** When WAL checkpoints run and move to their worker thread; the defaults suit the app. */
  checkpoints?: Pick<WalCheckpointerOptions, 'everyMs' | 'busyCommits' | 'idleStopMs'>;
}

export function openAlertLog(dataDir: string, options: AlertLogOptions = {}): AlertLog {
  const file = alertLogPath(dataDir);
  const db = openDatabase(file, options.sync ?? 'normal');
  db.exec(SCHEMA);
  addReceivedMax(db);
  let commits = 0;
  // SQLite checkpoints inside whichever COMMIT pushes the WAL past 1,000 pages: under a burst of
  // deliveries that is several times a second, each stalling every delivery in flight (it fsyncs). One
  // checkpoint a second, on a timer, copies each hot page once instead and keeps commits short; the WAL
  // itself is what makes a commit durable, so nothing acknowledged waits on it. While the log is busy that
  // checkpoint runs on a thread of its own (wal-checkpointer.ts).
  db.exec('PRAGMA wal_autocheckpoint = 0');
  const checkpointer = startWalCheckpointer({ db, file, commits: () => commits, ...options.checkpoints });
  const incidents = new SqliteIncidentStore(db);

  const insert = db.prepare(`
    INSERT INTO alert_events (source_id, subject_kind, subject_name, status, occurred_at, received_at, origin,
      checkpoints, reason, viewers, delivery_time, delivery_digest, received_max)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const findByIdentity = db.prepare(`
    SELECT * FROM alert_events WHERE source_id = ? AND delivery_time = ? AND delivery_digest = ?
      AND subject_kind = ? AND subject_name = ? AND status = ?`);
  const listFrom = db.prepare(
    'SELECT * FROM alert_events WHERE id >= ? AND received_at >= ? ORDER BY id DESC LIMIT ?',
  );
  const firstAtOrAfter = db.prepare(
    'SELECT id, COALESCE(received_max, received_at) AS received_max FROM alert_events WHERE id >= ? ORDER BY id LIMIT 1',
  );
  const newest = db.prepare(
    'SELECT id, COALESCE(received_max, received_at) AS received_max FROM alert_events ORDER BY id DESC LIMIT 1',
  );
  const newestRow = newest.get();
  // Ids follow arrival; receivedAt follows the clock, which can step back (NTP, a fixed RTC). Each row
  // also keeps the latest receivedAt so far, which cannot: the first row that may have been received
  // since a time is found by a binary search on it, and the listing's own filter on received_at does the
  // rest. Rows from before the column read as their own received_at: exact, unless the clock stepped
  // back while they were written.
  let receivedMax =
    newestRow === undefined ? Number.MIN_SAFE_INTEGER : receivedRow.parse(newestRow).received_max;

  /** The smallest id at or after which every event received since `sinceMs` lies. */
  function firstIdReceivedSince(sinceMs: number): number {
    const last = newest.get();
    let lo = 1;
    let hi = last === undefined ? 1 : receivedRow.parse(last).id + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const raw = firstAtOrAfter.get(mid);
      const row = raw === undefined ? undefined : receivedRow.parse(raw);
      if (row === undefined || row.received_max >= sinceMs) hi = mid;
      else lo = row.id + 1;
    }
    return lo;
  }
  const listAfter = db.prepare('SELECT * FROM alert_events WHERE id > ? ORDER BY id LIMIT ?');
  const feed = createEventFeed({
    db,
    incidents,
    readAfter: (afterId, limit) => listAfter.all(afterId, limit).map((row) => withoutDelivery(toEvent(row))),
  });

  let queue: Pending[] = [];
  let scheduled = false;
  let closed = false;
  let stored = 0;

  /** Inserts one candidate; a new event also goes on `fresh` (without its delivery), for the feed. */
  function store(candidate: AlertCandidate, fresh: AlertEvent[]): AppendResult {
    // Candidates are typed, and built from bytes already validated where they entered (the listener's
    // body schema, the providers' schemas); re-parsing each one here cost about a tenth of a delivery.
    // The table's NOT NULL columns still refuse a malformed one, and its batch then retries without it.
    const delivery = candidate.delivery;
    receivedMax = Math.max(candidate.receivedAt, receivedMax);
    // run() says whether a row went in and its rowid; RETURNING would build a result row for each.
    const inserted = insert.run(
      candidate.sourceId,
      candidate.subject.kind,
      candidate.subject.name,
      candidate.status,
      candidate.occurredAt,
      candidate.receivedAt,
      candidate.origin,
      JSON.stringify(candidate.checkpoints),
      candidate.reason ?? null,
      candidate.viewers ?? null,
      delivery?.time ?? null,
      delivery?.digest ?? null,
      receivedMax,
    );
    if (inserted.changes === 1) {
      // Built field by field, once: a delivery's event was copied three times on its way to the engine.
      const event: AlertEvent = {
        id: Number(inserted.lastInsertRowid),
        sourceId: candidate.sourceId,
        subject: candidate.subject,
        status: candidate.status,
        occurredAt: candidate.occurredAt,
        receivedAt: candidate.receivedAt,
        origin: candidate.origin,
        checkpoints: candidate.checkpoints,
      };
      if (candidate.reason !== undefined) event.reason = candidate.reason;
      if (candidate.viewers !== undefined) event.viewers = candidate.viewers;
      fresh.push(event);
      return { event: { ...event, delivery }, duplicate: false };
    }
    // Only a webhook identity can conflict; the first copy is the one that stays.
    const existing = findByIdentity.get(
      candidate.sourceId,
      delivery?.time ?? null,
      delivery?.digest ?? null,
      candidate.subject.kind,
      candidate.subject.name,
      candidate.status,
    );
    if (existing === undefined) throw new Error('alert log: insert conflicted but no stored event matches');
    return { event: toEvent(existing), duplicate: true };
  }

  /** After a COMMIT: counts the batch and passes its new events on to the consumer. */
  function committed(fresh: AlertEvent[]): void {
    commits += 1;
    stored += fresh.length;
    feed.push(fresh);
  }

  function flush(): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const results: AppendResult[][] = [];
    try {
      begin.run();
      // The engine's work on the previous batches rides on this commit (see alert-feed.ts).
      const undoFeed = feed.handWithin();
      try {
        const fresh: AlertEvent[] = [];
        for (const pending of batch) results.push(pending.candidates.map((c) => store(c, fresh)));
        commit.run();
        committed(fresh);
      } catch (error) {
        rollback.run();
        undoFeed();
        throw error;
      }
    } catch (error) {
      // One bad candidate must not fail its neighbours: retry each call in a transaction of its own.
      if (batch.length > 1) {
        for (const pending of batch) appendAlone(pending);
        return;
      }
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => pending.resolve(results[index] ?? []));
  }

  function appendAlone(pending: Pending): void {
    try {
      begin.run();
      let results: AppendResult[];
      try {
        const fresh: AlertEvent[] = [];
        results = pending.candidates.map((c) => store(c, fresh));
        commit.run();
        committed(fresh);
      } catch (error) {
        rollback.run();
        throw error;
      }
      pending.resolve(results);
    } catch (error) {
      pending.reject(error);
    }
  }

  return {
    file,
    incidents,
    append(candidates) {
      if (closed) return Promise.reject(new Error('alert log is closed'));
      if (candidates.length === 0) return Promise.resolve([]);
      return new Promise<AppendResult[]>((resolve, reject) => {
        queue.push({ candidates, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          // setImmediate runs after the I/O phase; flushing one turn later still lets the deliveries read
          // in the next I/O phase join too. Idle, that costs microseconds (the loop does not wait when
          // something is scheduled); under the webhook benchmark's load batches grew from ~4.5 to ~6
          // deliveries, and a commit is most of what a delivery costs beyond HTTP itself.
          setImmediate(() => setImmediate(flush));
        }
      });
    },
    list(filter = {}) {
      const since = filter.sinceMs ?? Number.MIN_SAFE_INTEGER;
      const from = filter.sinceMs === undefined ? 0 : firstIdReceivedSince(since);
      const rows = listFrom.all(from, since, filter.limit ?? -1);
      return rows.map(toEvent).reverse();
    },
    onStored: (consumer, onError) => feed.setConsumer(consumer, onError),
    drainToConsumer: () => feed.drain(),
    stats: () => {
      const { inline, offThread } = checkpointer.stats();
      return { commits, stored, checkpoints: { inline, offThread } };
    },
    integrityCheck: () => integrityCheck(db),
    close() {
      if (closed) return;
      flush();
      closed = true;
      feed.dispose();
      checkpointer.stop();
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
