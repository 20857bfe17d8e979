import type { DatabaseSync } from 'node:sqlite';
import type { AlertEvent } from '../../../shared/alerts.ts';
import type { SqliteIncidentStore } from './sqlite-incident-store.ts';

// Hands the alert log's events to their one consumer, the alert engine, just after they commit, and
// records how far it got in a cursor that commits with the consumer's own writes.
//
// The engine never runs inside the commit that a delivery's 204 waits for: that made every 204 wait for
// the engine and its incident writes. Instead a batch's events are handed over in the *next* write
// transaction of the log (the one that stores the following batch), so under load the engine's writes
// cost no commit of their own and run while WMSPanel is still reading the previous 204s; when no batch
// follows, a short timer hands them over in a transaction of their own. The log stays the source of
// truth: incidents are what the engine made of the events up to the cursor, and events past it (after a
// crash between the two commits) are handed over again when the next run sets the consumer.

export interface EventFeed {
  /** Events the log has just committed, newest last. */
  push(events: readonly AlertEvent[]): void;
  /**
   * Inside a transaction the caller opened: hands over what is pending. Returns what to do if that
   * transaction is rolled back instead of committed (the events are handed over again later).
   */
  handWithin(): () => void;
  /** Sets the consumer, first handing it every stored event it has not seen (past the cursor). */
  setConsumer(consume: (events: AlertEvent[]) => void, onError: (error: unknown) => void): void;
  /** Hands over what is pending now, in a transaction of its own, without waiting for the timer. */
  drain(): void;
  /** Stops handing over; pending events stay past the cursor for the next start. */
  dispose(): void;
}

/** When no further write comes along to carry them, pending events wait at most this long. */
export const FEED_DELAY_MS = 5;
/** A replay after a long gap goes in transactions of this many events. */
const REPLAY_CHUNK = 500;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alert_feed (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id INTEGER NOT NULL
);
`;

export function createEventFeed(options: {
  db: DatabaseSync;
  incidents: SqliteIncidentStore;
  /** Reads stored events with ids above `afterId`, oldest first. */
  readAfter: (afterId: number, limit: number) => AlertEvent[];
}): EventFeed {
  const { db, incidents } = options;
  db.exec(SCHEMA);
  // A log written before the feed existed had its incidents made inline: start past its last event.
  db.exec(
    'INSERT OR IGNORE INTO alert_feed (id, last_event_id) SELECT 1, COALESCE(MAX(id), 0) FROM alert_events',
  );
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
  let timer: ReturnType<typeof setTimeout> | null = null;

  function cursor(): number {
    const row = readCursor.get();
    return typeof row?.['id'] === 'number' ? row['id'] : 0;
  }

  /** Inside an open transaction: the consumer's writes and the cursor move, to commit together. */
  function handInside(events: AlertEvent[]): void {
    const target = consumer;
    const last = events.at(-1);
    if (!target || !last) return;
    savepoint.run();
    try {
      target.consume(events);
      release.run();
    } catch (error) {
      // The events are stored and stay in the log; what the engine half-wrote for them is undone, and the
      // cursor still moves on, so one bad event cannot stop every later one from being handled.
      rollbackToSavepoint.run();
      release.run();
      incidents.reload();
      target.onError(error);
    }
    moveCursor.run(last.id, last.id);
  }

  /** Puts events back in front of the queue after their transaction was rolled back. */
  function requeue(events: AlertEvent[]): void {
    incidents.reload();
    pending = [...events, ...pending];
  }

  function takePending(): AlertEvent[] {
    if (timer) clearTimeout(timer);
    timer = null;
    const events = pending;
    pending = [];
    return events;
  }

  function handAlone(events: AlertEvent[]): boolean {
    if (events.length === 0) return true;
    begin.run();
    try {
      handInside(events);
      commit.run();
      return true;
    } catch (error) {
      rollback.run();
      // Still past the cursor: the next start hands these over again.
      incidents.reload();
      consumer?.onError(error);
      return false;
    }
  }

  return {
    push(events) {
      // Without a consumer the events wait in the file, past the cursor, for whoever sets one.
      if (!consumer || events.length === 0) return;
      for (const event of events) pending.push(event);
      timer ??= setTimeout(() => handAlone(takePending()), FEED_DELAY_MS);
    },
    handWithin() {
      const events = takePending();
      if (events.length === 0) return () => {};
      handInside(events);
      return () => {
        requeue(events);
        timer ??= setTimeout(() => handAlone(takePending()), FEED_DELAY_MS);
      };
    },
    setConsumer(consume, onError) {
      handAlone(takePending());
      consumer = { consume, onError };
      for (let from = cursor(); ;) {
        const events = options.readAfter(from, REPLAY_CHUNK);
        // A failed commit leaves the cursor where it was: try again on the next start, not in a loop.
        if (events.length === 0 || !handAlone(events)) break;
        from = cursor();
      }
    },
    drain: () => void handAlone(takePending()),
    dispose() {
      // Not handed over: the consumer may be gone already. What is pending stays past the cursor, for
      // the next start.
      takePending();
      consumer = null;
    },
  };
}
