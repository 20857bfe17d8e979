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
// that one holds up the deliveries around it for about half a millisecond. The log stays the source
// of truth: incidents are what the engine made of the events up to the cursor, and events past it (after
// a crash between the two commits) are handed over again when the next run sets the consumer.

export interface EventFeed {
  /** Events the log has just committed, newest last. */
  push(events: readonly AlertEvent[]): void;
  /**
   * Inside a transaction the caller opened: hands over pending events if they have gathered long enough
   * (or are a full chunk). Returns what to do if that transaction is rolled back instead of committed (the
   * events are handed over again later).
   */
  handWithin(): () => void;
  /** Sets the consumer, first handing it every stored event it has not seen (past the cursor). */
  setConsumer(consume: (events: AlertEvent[]) => void, onError: (error: unknown) => void): void;
  /** Hands over what is pending now, in a transaction of its own, without waiting for the timer. */
  drain(): void;
  /** Stops handing over; pending events stay past the cursor for the next start. */
  dispose(): void;
}

/** How long events gather before a hand-over: about how long an engine notice trails its event's 204. */
export const FEED_DELAY_MS = 10;
/**
 * The most events one hand-over gives the engine: a median of 0.5 ms of its work in the webhook benchmark
 * (a storm, every event a new incident). Each hand-over also writes its incident and cursor pages, so
 * chunks of 32 cost the benchmark 4% of its throughput against these.
 */
export const FEED_CHUNK = 128;
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
  /** When the oldest pending event arrived (performance.now()). */
  let pendingSince = 0;
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
    if (pending.length === 0) pendingSince = performance.now();
    pending = [...events, ...pending];
    schedule(0);
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

  function schedule(delayMs: number): void {
    timer ??= setTimeout(() => {
      timer = null;
      // One chunk per turn of the event loop, so deliveries are read and answered in between.
      if (handAlone(takeChunk()) && pending.length > 0) schedule(0);
    }, delayMs);
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
      if (pending.length === 0) pendingSince = performance.now();
      for (const event of events) pending.push(event);
      schedule(FEED_DELAY_MS);
    },
    handWithin() {
      if (pending.length < FEED_CHUNK && performance.now() - pendingSince < FEED_DELAY_MS) return () => {};
      const events = takeChunk();
      if (events.length === 0) return () => {};
      handInside(events);
      if (pending.length > 0) schedule(0);
      return () => requeue(events);
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
