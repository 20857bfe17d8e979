import type { DatabaseSync } from 'node:sqlite';
import type { AlertEvent } from '../../../shared/alerts.ts';
import type { SqliteIncidentStore } from './sqlite-incident-store.ts';

// Hands the alert log's events to their one consumer, the alert engine, just after they commit, and
// records how far it got in a cursor that commits with the consumer's own writes.
//
// The engine never runs inside the commit that a delivery's 204 waits for: that made every 204 wait for
// the engine and its incident writes. Instead events gather for a few milliseconds and are handed over
// in the next write transaction of the log (the one that stores a later batch), or, when none comes, in
// a transaction of their own. Gathering makes the engine's writes (an incident row, the cursor) land on
// one page per hand-over instead of per delivery batch; hand-overs are capped at FEED_CHUNK events so
// that one holds up the deliveries around it for about half a millisecond.
//
// Each event reaches the engine once per run, whatever happens to the transaction it was handed over
// in: the engine's memory (notices sent, flap counts) moves on as it runs and cannot be undone, so a
// rolled-back hand-over is never repeated. What it wrote is kept by the incident store in memory and
// written again, with the cursor, by the next transaction that works (or a retry timer). Only events
// the engine has not run on yet (their transaction could not even begin) go back in the queue. The log
// stays the source of truth: events past the stored cursor (after a crash, or a fault that never
// cleared) are handed over again when the next run sets the consumer.

export interface EventFeed {
  /** Events the log has just committed, newest last. */
  push(events: readonly AlertEvent[]): void;
  /**
   * Inside a transaction the caller opened, after its own writes: hands over pending events if they have
   * gathered long enough (or are a full chunk), and rewrites what earlier failed transactions lost.
   * Returns what to call once that transaction committed or failed.
   */
  handWithin(): HandOver;
  /** Sets the consumer, first handing it every stored event it has not seen (past the cursor). */
  setConsumer(consume: (events: AlertEvent[]) => void, onError: (error: unknown) => void): void;
  /** Hands over what is pending now, in a transaction of its own, without waiting for the timer. */
  drain(): void;
  /** Stops handing over; pending events stay past the cursor for the next start. */
  dispose(): void;
  /** The newest event id whose hand-over is stored (retention never deletes past it). */
  storedCursor(): number;
}

/** The end of a hand-over that rode on someone else's transaction. */
export interface HandOver {
  /** `committed`: the caller's COMMIT worked. True when the hand-over's own writes are stored too. */
  settle(committed: boolean, failure?: unknown): boolean;
}

/** Where the feed says whether its writes worked (the alert log turns this into storage health). */
export interface FeedStorage {
  failed(error: unknown): void;
  worked(): void;
}

/** How long events gather before a hand-over: about how long an engine notice trails its event's 204. */
export const FEED_DELAY_MS = 10;
/**
 * The most events one hand-over gives the engine: small enough to keep each hand-over well under a
 * millisecond, large enough that writing its incident and cursor pages is not paid per handful.
 */
export const FEED_CHUNK = 128;
/** A replay after a long gap goes in transactions of this many events. */
const REPLAY_CHUNK = 500;
/**
 * How soon writes that failed are tried again, doubling after each failure up to the maximum: each try
 * rewrites every incident left unsaved, which after a storm on a full disk may be thousands.
 */
export const FEED_RETRY_MS = 1_000;
const FEED_RETRY_MAX_MS = 30_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alert_feed (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id INTEGER NOT NULL
);
INSERT OR IGNORE INTO alert_feed (id, last_event_id) VALUES (1, 0);
`;

const NOTHING_HANDED: HandOver = { settle: (committed) => committed };

export function createEventFeed(options: {
  db: DatabaseSync;
  incidents: SqliteIncidentStore;
  /** Reads stored events with ids above `afterId`, oldest first. */
  readAfter: (afterId: number, limit: number) => AlertEvent[];
  storage?: FeedStorage;
}): EventFeed {
  const { db, incidents } = options;
  const storage: FeedStorage = options.storage ?? { failed: () => {}, worked: () => {} };
  db.exec(SCHEMA);
  const readCursor = db.prepare('SELECT last_event_id AS id FROM alert_feed WHERE id = 1');
  const moveCursor = db.prepare('UPDATE alert_feed SET last_event_id = ? WHERE id = 1 AND last_event_id < ?');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT feed');
  const release = db.prepare('RELEASE feed');
  const rollbackToSavepoint = db.prepare('ROLLBACK TO feed');

  let consumer: { consume: (events: AlertEvent[]) => void; onError: (error: unknown) => void } | null = null;
  let pending: AlertEvent[] = [];
  /** When the oldest pending event arrived (performance.now()). */
  let pendingSince = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** The newest event the consumer has run on in this run, and the newest the stored cursor names. */
  let handedUpTo = 0;
  let savedUpTo = 0;
  let retryDelayMs = FEED_RETRY_MS;

  function cursor(): number {
    const row = readCursor.get();
    return typeof row?.['id'] === 'number' ? row['id'] : 0;
  }

  /** The consumer has run on events whose incidents or cursor are not stored yet. */
  function behind(): boolean {
    return handedUpTo > savedUpTo || incidents.hasUnsaved();
  }

  function tellConsumer(error: unknown): void {
    try {
      consumer?.onError(error);
    } catch {
      // The error handler is the last stop: nothing is left to tell.
    }
  }

  /** Runs the consumer on events inside the open transaction; its half-done writes are undone if it throws. */
  function consumeInside(events: AlertEvent[]): void {
    const target = consumer;
    const last = events.at(-1);
    if (!target || !last) return;
    handedUpTo = Math.max(handedUpTo, last.id);
    const mark = incidents.memoryMark();
    let saved = false;
    try {
      savepoint.run();
      saved = true;
    } catch {
      // The transaction is gone (SQLite gave up on it); the engine still runs, its writes wait in memory.
    }
    try {
      target.consume(events);
      if (saved && db.isTransaction) release.run();
    } catch (error) {
      // The events are stored and stay in the log; what the engine half-wrote for them is undone, and the
      // cursor still moves on, so one bad event cannot stop every later one from being handled.
      if (saved && db.isTransaction) {
        try {
          rollbackToSavepoint.run();
          release.run();
          incidents.backToMark(mark);
        } catch {
          // Undoing failed with the storage: the writes stay unsaved and are tried again.
        }
      }
      tellConsumer(error);
    }
  }

  /**
   * Inside an open transaction: earlier lost writes, the consumer's writes and the cursor, to commit
   * together. Returns the first write that failed, or null.
   */
  function handInside(events: AlertEvent[]): unknown {
    incidents.beginWrites();
    consumeInside(events);
    const failure = incidents.writes().failure;
    if (failure !== null) return failure;
    if (handedUpTo <= savedUpTo) return null;
    try {
      moveCursor.run(handedUpTo, handedUpTo);
      return null;
    } catch (error) {
      return error;
    }
  }

  /** After the transaction a hand-over rode on: done, or kept to be written again. */
  function settle(upTo: number, committed: boolean, failure: unknown): boolean {
    if (committed && failure === null) {
      incidents.saved();
      savedUpTo = Math.max(savedUpTo, upTo);
      retryDelayMs = FEED_RETRY_MS;
      storage.worked();
      if (behind()) scheduleRetry();
      return true;
    }
    storage.failed(failure);
    scheduleRetry();
    retryDelayMs = Math.min(retryDelayMs * 2, FEED_RETRY_MAX_MS);
    return false;
  }

  function scheduleRetry(): void {
    retryTimer ??= setTimeout(() => {
      retryTimer = null;
      guarded(() => {
        if (handAlone(takeChunk()) && pending.length > 0) schedule(0);
      });
    }, retryDelayMs);
    retryTimer.unref();
  }

  /** Puts events the consumer has not run on back in front of the queue. */
  function requeue(events: AlertEvent[]): void {
    if (events.length === 0) return;
    if (pending.length === 0) pendingSince = performance.now();
    pending = [...events, ...pending];
    scheduleRetry();
  }

  /** Up to a chunk of the oldest pending events; the rest keep waiting (and their timer runs on). */
  function takeChunk(): AlertEvent[] {
    if (pending.length <= FEED_CHUNK) return takePending();
    return pending.splice(0, FEED_CHUNK);
  }

  function takePending(): AlertEvent[] {
    if (timer) clearTimeout(timer);
    timer = null;
    const events = pending;
    pending = [];
    return events;
  }

  /** A timer's work: whatever happens inside, nothing escapes into the event loop. */
  function guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      tellConsumer(error);
    }
  }

  function schedule(delayMs: number): void {
    timer ??= setTimeout(() => {
      timer = null;
      // One chunk per turn of the event loop, so deliveries are read and answered in between.
      guarded(() => {
        if (handAlone(takeChunk()) && pending.length > 0) schedule(0);
      });
    }, delayMs);
  }

  /** A hand-over in a transaction of its own. False when it could not be stored (it is retried). */
  function handAlone(events: AlertEvent[]): boolean {
    if (events.length === 0 && !behind()) return true;
    if (!consumer && !behind()) return true;
    try {
      begin.run();
    } catch (error) {
      // The engine has not run on these: they can wait for a transaction that works.
      requeue(events);
      storage.failed(error);
      return false;
    }
    let failure = handInside(events);
    let committed = false;
    if (failure === null) {
      try {
        commit.run();
        committed = true;
      } catch (error) {
        failure = error;
      }
    }
    if (!committed) rollbackIfOpen();
    return settle(handedUpTo, committed, failure);
  }

  function rollbackIfOpen(): void {
    // SQLite has already rolled back on SQLITE_FULL and some I/O errors: only what is still open.
    if (!db.isTransaction) return;
    try {
      rollback.run();
    } catch {
      // Nothing left to undo.
    }
  }

  incidents.onUnsaved((failure) => {
    storage.failed(failure);
    scheduleRetry();
  });

  return {
    push(events) {
      // Without a consumer the events wait in the file, past the cursor, for whoever sets one.
      if (!consumer || events.length === 0) return;
      if (pending.length === 0) pendingSince = performance.now();
      for (const event of events) pending.push(event);
      schedule(FEED_DELAY_MS);
    },
    handWithin() {
      const due = pending.length >= FEED_CHUNK || performance.now() - pendingSince >= FEED_DELAY_MS;
      const events = due ? takeChunk() : [];
      if (events.length === 0 && !behind()) return NOTHING_HANDED;
      const failure = handInside(events);
      if (pending.length > 0) schedule(0);
      const upTo = handedUpTo;
      return {
        settle: (committed, commitFailure) =>
          settle(upTo, committed && failure === null, failure ?? commitFailure ?? null),
      };
    },
    setConsumer(consume, onError) {
      handAlone(takePending());
      consumer = { consume, onError };
      savedUpTo = Math.max(savedUpTo, cursor());
      for (let from = Math.max(savedUpTo, handedUpTo); ; from = Math.max(savedUpTo, handedUpTo)) {
        const events = options.readAfter(from, REPLAY_CHUNK);
        const last = events.at(-1);
        if (!last) break;
        // A replay that cannot be stored still reaches the engine once; its writes are retried. One that
        // could not even begin waits in the queue, and what follows it in the file for the next start.
        if (!handAlone(events) && handedUpTo < last.id) break;
      }
    },
    drain: () => void handAlone(takePending()),
    storedCursor: cursor,
    dispose() {
      // Not handed over: the consumer may be gone already. What is pending stays past the cursor, for
      // the next start; what the engine did but could not store gets one last try.
      takePending();
      consumer = null;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      if (behind()) handAlone([]);
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
    },
  };
}
