import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { AlertEvent } from '../../../shared/alerts.ts';

// The alert log's table, and how its rows are read: shared by the writer (alert-log.ts) and the
// read-only listing of `streamtray alerts` (alert-log-reader.ts), which must run no DDL.

/** The provider's own proof of a webhook delivery; part of the event's identity. */
export interface DeliveryIdentity {
  /** `time` exactly as received. */
  time: string;
  /** Lower-case hex. */
  digest: string;
}

/** An event as the log keeps it. */
export type LoggedEvent = AlertEvent & { delivery: DeliveryIdentity | null };

export const ALERT_EVENTS_SCHEMA = `
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
  -- The latest received_at up to this row: never goes backwards, so 'since' listings and retention can
  -- binary-search ids for where a time starts (an index on received_at cost every commit a page).
  received_max INTEGER NOT NULL,
  -- A webhook repeat (same source, time, digest, subject and status) is the same event, even after a
  -- restart. Derived events carry NULLs here, which SQLite treats as distinct: they are never merged.
  UNIQUE (source_id, delivery_time, delivery_digest, subject_kind, subject_name, status)
);
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

export function toEvent(raw: unknown): LoggedEvent {
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

export interface EventListing {
  /** Events in the order they were logged, newest last; `sinceMs` filters on `receivedAt`. */
  list(filter?: { sinceMs?: number; limit?: number }): LoggedEvent[];
  /** The smallest id at or after which every event received since `sinceMs` lies. */
  firstIdReceivedSince(sinceMs: number): number;
  /** The newest row's id and received_max, if any. */
  newest(): { id: number; received_max: number } | undefined;
}

/** Reads the log's events with prepared statements (SELECTs only). */
export function createEventListing(db: DatabaseSync): EventListing {
  const listFrom = db.prepare(
    'SELECT * FROM alert_events WHERE id >= ? AND received_at >= ? ORDER BY id DESC LIMIT ?',
  );
  const firstAtOrAfter = db.prepare(
    'SELECT id, received_max FROM alert_events WHERE id >= ? ORDER BY id LIMIT 1',
  );
  const newestRow = db.prepare('SELECT id, received_max FROM alert_events ORDER BY id DESC LIMIT 1');

  function newest(): { id: number; received_max: number } | undefined {
    const raw = newestRow.get();
    return raw === undefined ? undefined : receivedRow.parse(raw);
  }

  // Ids follow arrival; receivedAt follows the clock, which can step back (NTP, a fixed RTC). Each row
  // also keeps the latest receivedAt so far, which cannot: the first row that may have been received
  // since a time is found by a binary search on it, and the listing's own filter on received_at does the
  // rest.
  function firstIdReceivedSince(sinceMs: number): number {
    const last = newest();
    let lo = 1;
    let hi = last === undefined ? 1 : last.id + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const raw = firstAtOrAfter.get(mid);
      const row = raw === undefined ? undefined : receivedRow.parse(raw);
      if (row === undefined || row.received_max >= sinceMs) hi = mid;
      else lo = row.id + 1;
    }
    return lo;
  }

  return {
    list(filter = {}) {
      const since = filter.sinceMs ?? Number.MIN_SAFE_INTEGER;
      const from = filter.sinceMs === undefined ? 0 : firstIdReceivedSince(since);
      const rows = listFrom.all(from, since, filter.limit ?? -1);
      return rows.map(toEvent).reverse();
    },
    firstIdReceivedSince,
    newest,
  };
}
