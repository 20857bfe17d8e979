import { join } from 'node:path';
import type { AlertEvent } from '../../../shared/alerts.ts';
import {
  ALERT_EVENTS_SCHEMA,
  createEventListing,
  toEvent,
  type DeliveryIdentity,
  type LoggedEvent,
} from './alert-event-rows.ts';
import { createEventFeed } from './alert-feed.ts';
import { createAlertLogRetention, type Pruned } from './alert-log-retention.ts';
import { integrityCheck, openDatabase, type SyncMode } from './sqlite-database.ts';
import { SqliteIncidentStore } from './sqlite-incident-store.ts';
import { asStorageError, explainStorageError } from './storage-error.ts';
import { ignoredStorageHealth, type StorageReports } from './storage-health.ts';
import { startWalCheckpointer, type WalCheckpointerOptions } from './wal-checkpointer.ts';

export type { DeliveryIdentity, LoggedEvent };

/** An event before the log gives it an id. `delivery` is null for derived events (never deduplicated). */
export type AlertCandidate = Omit<AlertEvent, 'id'> & { delivery: DeliveryIdentity | null };

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
   * A write the storage refuses rejects with a StorageError (the listener answers 503 + Retry-After).
   */
  append(candidates: readonly AlertCandidate[]): Promise<AppendResult[]>;
  /** Events in the order they were logged, newest last; `sinceMs` filters on `receivedAt`. */
  list(filter?: { sinceMs?: number; limit?: number }): LoggedEvent[];
  /** Incidents, kept in the same database. */
  readonly incidents: SqliteIncidentStore;
  /**
   * Sets the one consumer of stored events (repeats excluded): the alert engine, so webhook and derived
   * events reach it by one path. It gets them a moment after their commit, many at a time, once each,
   * inside a transaction that commits its incident writes with a cursor (see alert-feed.ts); events
   * stored while no consumer ran, or not handed over before a crash, come first. If it throws, only its
   * own writes are undone and `onError` hears of it: the events stay in the log, because they were
   * accepted.
   */
  onStored(consumer: (events: AlertEvent[]) => void, onError: (error: unknown) => void): void;
  /** Hands the consumer what is pending now instead of after the short gathering delay. */
  drainToConsumer(): void;
  /** Changes how many days events and closed incidents are kept (null: forever); applies at the next pass. */
  setRetentionDays(days: number | null): void;
  /**
   * Deletes events and closed incidents older than the retention, oldest first, in small transactions
   * with a turn of the event loop between them. Open incidents and events the engine has not been handed
   * are never deleted.
   */
  prune(): Promise<Pruned>;
  /**
   * Transactions committed and events newly stored since opening (shows group commit at work), the WAL
   * checkpoints run inline and on the checkpoint worker, and the largest the WAL file was seen.
   */
  stats(): {
    commits: number;
    stored: number;
    checkpoints: { inline: number; offThread: number; early: number };
    walPeakBytes: number;
  };
  integrityCheck(): string;
  close(): void;
}

export const ALERT_LOG_FILE = 'alerts.sqlite';
/** How often retention runs while the log is open. */
export const PRUNE_EVERY_MS = 3_600_000;

export function alertLogPath(dataDir: string): string {
  return join(dataDir, ALERT_LOG_FILE);
}

interface Pending {
  candidates: readonly AlertCandidate[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Opens `<dataDir>/alerts.sqlite`, creating it if needed. `sync` defaults to `normal`, deliberately: it
 * keeps every acknowledged delivery through a killed or crashed app (the SIGKILL test proves it), while
 * `full` adds an fsync per batch whose latency on ordinary and shared disks would dominate WMSPanel's
 * wait. What `normal` gives up is the last moments of alerts on power loss or
 * an OS crash; pass `full` where that matters more than latency.
 */
export interface AlertLogOptions {
  sync?: SyncMode;
  /** When WAL checkpoints run and move to their worker thread; the defaults suit the app. */
  checkpoints?: Pick<WalCheckpointerOptions, 'everyMs' | 'busyCommits' | 'idleStopMs' | 'walLimitBytes'>;
  /** Where failed and working writes are reported (the core's storage health). */
  storage?: StorageReports;
  /**
   * Days to keep events and closed incidents (`retention.alertLogDays`); retention runs at open and
   * hourly. Without it nothing is deleted unless prune() is called after setRetentionDays().
   */
  retentionDays?: number | null;
  /** The clock retention measures age by (UTC epoch ms). */
  now?: () => number;
}

export function openAlertLog(dataDir: string, options: AlertLogOptions = {}): AlertLog {
  const file = alertLogPath(dataDir);
  const db = openDatabase(file, options.sync ?? 'normal', 'alert-log');
  const storage = options.storage ?? ignoredStorageHealth;
  const now = options.now ?? Date.now;
  let incidents: SqliteIncidentStore;
  try {
    db.exec(ALERT_EVENTS_SCHEMA);
    incidents = new SqliteIncidentStore(db);
  } catch (error) {
    db.close();
    throw explainStorageError(error, 'alert-log', file);
  }
  let commits = 0;
  // SQLite checkpoints inside whichever COMMIT pushes the WAL past 1,000 pages: under a burst of
  // deliveries that is several times a second, each stalling every delivery in flight (it fsyncs). One
  // checkpoint a second, on a timer, copies each hot page once instead and keeps commits short; the WAL
  // itself is what makes a commit durable, so nothing acknowledged waits on it. While the log is busy that
  // checkpoint runs on a thread of its own (wal-checkpointer.ts), which also checkpoints at once when the
  // WAL outgrows its limit.
  db.exec('PRAGMA wal_autocheckpoint = 0');
  const checkpointer = startWalCheckpointer({ db, file, commits: () => commits, ...options.checkpoints });

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
  const listing = createEventListing(db);
  // Received times never go backwards in received_max (see alert-event-rows.ts).
  let receivedMax = listing.newest()?.received_max ?? Number.MIN_SAFE_INTEGER;
  const listAfter = db.prepare('SELECT * FROM alert_events WHERE id > ? ORDER BY id LIMIT ?');
  const feed = createEventFeed({
    db,
    incidents,
    readAfter: (afterId, limit) => listAfter.all(afterId, limit).map((row) => withoutDelivery(toEvent(row))),
    storage: { failed: reportFailure, worked: () => storage.worked('alert-log') },
  });

  let queue: Pending[] = [];
  let scheduled = false;
  let closed = false;
  let stored = 0;

  /** Tells the storage health of a failure it can name; returns the error to reject with. */
  function reportFailure(error: unknown): unknown {
    const fault = asStorageError(error, 'alert-log', file);
    if (fault) storage.failed(fault);
    // A checkpointed WAL is reused from its start instead of grown: it may be all the room there is.
    if (fault?.problem === 'full' || fault?.problem === 'io') checkpointer.urgent();
    return fault ?? error;
  }

  function rollbackIfOpen(): void {
    // SQLite rolls back by itself on SQLITE_FULL and some I/O errors; a ROLLBACK then would only throw
    // "no transaction is active" and hide the real error.
    if (!db.isTransaction) return;
    try {
      rollback.run();
    } catch {
      // Nothing left to undo; the error that matters is the one being handled.
    }
  }

  /** Inserts one candidate; a new event also goes on `fresh` (without its delivery), for the feed. */
  function store(candidate: AlertCandidate, fresh: AlertEvent[]): AppendResult {
    // Candidates are typed, and built from bytes already validated where they entered (the listener's
    // body schema, the providers' schemas); re-parsing each one here cost about a tenth of a delivery.
    // The table's NOT NULL columns still refuse a malformed one, and its batch then retries without it.
    const delivery = candidate.delivery;
    const rowMax = Math.max(candidate.receivedAt, receivedMax);
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
      rowMax,
    );
    receivedMax = rowMax;
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
    checkpointer.committed();
    feed.push(fresh);
  }

  /** One transaction storing every call in `batch`; throws what failed, after undoing what is open. */
  function storeBatch(batch: readonly Pending[]): AppendResult[][] {
    begin.run();
    const results: AppendResult[][] = [];
    const fresh: AlertEvent[] = [];
    let handOver: ReturnType<typeof feed.handWithin> | null = null;
    try {
      for (const pending of batch) results.push(pending.candidates.map((c) => store(c, fresh)));
      // The engine's work on the previous batches rides on this commit (see alert-feed.ts), after the
      // batch's own rows, so a fault in the engine's writes cannot leave the rows half-stored.
      handOver = feed.handWithin();
      commit.run();
    } catch (error) {
      rollbackIfOpen();
      handOver?.settle(false, error);
      throw error;
    }
    if (handOver?.settle(true) ?? true) storage.worked('alert-log');
    committed(fresh);
    return results;
  }

  function flush(): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let results: AppendResult[][];
    try {
      results = storeBatch(batch);
    } catch (error) {
      const fault = asStorageError(error, 'alert-log', file);
      // A storage fault fails every call alike: retrying each alone would only fail again, slower.
      if (batch.length > 1 && !fault) {
        // One bad candidate must not fail its neighbours: retry each call in a transaction of its own.
        for (const pending of batch) appendAlone(pending);
        return;
      }
      const reason = reportFailure(error);
      for (const pending of batch) pending.reject(reason);
      return;
    }
    batch.forEach((pending, index) => pending.resolve(results[index] ?? []));
  }

  function appendAlone(pending: Pending): void {
    try {
      pending.resolve(storeBatch([pending])[0] ?? []);
    } catch (error) {
      pending.reject(reportFailure(error));
    }
  }

  /** One retention step in a transaction of its own; false when the storage refused it. */
  function pruneStep(run: () => void): boolean {
    try {
      begin.run();
      run();
      commit.run();
      return true;
    } catch (error) {
      rollbackIfOpen();
      reportFailure(error);
      return false;
    }
  }

  const retention = createAlertLogRetention({
    db,
    listing,
    storedCursor: () => feed.storedCursor(),
    now,
    days: options.retentionDays ?? null,
    inTransaction: pruneStep,
    closed: () => closed,
  });

  function prune(): Promise<Pruned> {
    if (closed) return Promise.resolve({ events: 0, incidents: 0 });
    return retention.prune();
  }

  function pruneInBackground(): void {
    prune().catch((error: unknown) => reportFailure(error));
  }

  const pruneTimer = setInterval(pruneInBackground, PRUNE_EVERY_MS);
  pruneTimer.unref();
  if (retention.days() !== null) setImmediate(pruneInBackground).unref();

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
          // One turn later still lets the deliveries read in the next I/O phase join the batch: a commit
          // is most of what a delivery costs beyond HTTP itself (figures in BENCHMARKS.md).
          setImmediate(() => setImmediate(flush));
        }
      });
    },
    list: (filter) => listing.list(filter),
    onStored: (consumer, onError) => feed.setConsumer(consumer, onError),
    drainToConsumer: () => feed.drain(),
    setRetentionDays: (days) => retention.setDays(days),
    prune,
    stats: () => {
      const { inline, offThread, early, walPeakBytes } = checkpointer.stats();
      return { commits, stored, checkpoints: { inline, offThread, early }, walPeakBytes };
    },
    integrityCheck: () => integrityCheck(db),
    close() {
      if (closed) return;
      flush();
      closed = true;
      clearInterval(pruneTimer);
      feed.dispose();
      checkpointer.stop();
      try {
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } catch {
        // A full or read-only disk: the WAL stays and is checkpointed when the log is next opened.
      }
      db.close();
    },
  };
}
