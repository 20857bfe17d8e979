import type { DatabaseSync } from 'node:sqlite';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { EventListing } from './alert-event-rows.ts';

// `retention.alertLogDays` for the alert log: events and closed incidents older than that are deleted,
// oldest first, by key range, a few hundred rows per transaction with a turn of the event loop between
// transactions, so a delivery arriving meanwhile is stored without waiting for the whole clean-up.

const DAY_MS = 86_400_000;
/** Rows one retention transaction deletes: well under a millisecond, so deliveries barely notice. */
const PRUNE_BATCH = 500;

export interface Pruned {
  events: number;
  incidents: number;
}

export interface AlertLogRetention {
  /** null: keep everything. */
  setDays(days: number | null): void;
  days(): number | null;
  /** One pass; a second call during a pass joins it. */
  prune(): Promise<Pruned>;
}

export function createAlertLogRetention(options: {
  db: DatabaseSync;
  listing: EventListing;
  /** The newest event id the engine's hand-over has stored: nothing past it is deleted. */
  storedCursor: () => number;
  now: () => number;
  days: number | null;
  /** Runs one step in a transaction of its own; false when the storage refused it (the pass stops). */
  inTransaction: (step: () => void) => boolean;
  /** The log is closing: stop between steps. */
  closed: () => boolean;
}): AlertLogRetention {
  const { db, listing } = options;
  const oldestId = db.prepare('SELECT MIN(id) AS id FROM alert_events');
  const deleteEvents = db.prepare('DELETE FROM alert_events WHERE id >= ? AND id < ?');
  // The partial index on closed_at makes this a key range; open incidents are not in it.
  const closedBefore = db.prepare(
    'SELECT id FROM incidents WHERE closed_at IS NOT NULL AND closed_at < ? ORDER BY closed_at LIMIT ?',
  );
  const deleteIncidentEvents = db.prepare(
    'DELETE FROM incident_events WHERE incident_id IN (SELECT value FROM json_each(?))',
  );
  const deleteIncidents = db.prepare(
    'DELETE FROM incidents WHERE id IN (SELECT value FROM json_each(?)) AND closed_at IS NOT NULL',
  );
  let days = options.days;
  let running: Promise<Pruned> | null = null;

  async function deleteOldEvents(cutoff: number, removed: Pruned): Promise<boolean> {
    // Everything before the first event received since the cutoff, and never one the engine has not
    // been handed yet.
    const end = Math.min(listing.firstIdReceivedSince(cutoff), options.storedCursor() + 1);
    const first = oldestId.get()?.['id'];
    for (let from = typeof first === 'number' ? first : end; from < end;) {
      if (options.closed()) return false;
      const to = Math.min(from + PRUNE_BATCH, end);
      const ok = options.inTransaction(() => {
        removed.events += Number(deleteEvents.run(from, to).changes);
      });
      if (!ok) return false;
      from = to;
      await yieldToLoop();
    }
    return true;
  }

  async function deleteOldIncidents(cutoff: number, removed: Pruned): Promise<void> {
    while (!options.closed()) {
      const ids = closedBefore.all(cutoff, PRUNE_BATCH).map((row) => Number(row['id']));
      if (ids.length === 0) return;
      const list = JSON.stringify(ids);
      const ok = options.inTransaction(() => {
        deleteIncidentEvents.run(list);
        removed.incidents += Number(deleteIncidents.run(list).changes);
      });
      if (!ok) return;
      await yieldToLoop();
    }
  }

  async function pass(): Promise<Pruned> {
    const removed: Pruned = { events: 0, incidents: 0 };
    if (days === null) return removed;
    const cutoff = options.now() - days * DAY_MS;
    if (await deleteOldEvents(cutoff, removed)) await deleteOldIncidents(cutoff, removed);
    return removed;
  }

  return {
    setDays(next) {
      days = next;
    },
    days: () => days,
    prune() {
      running ??= pass().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
