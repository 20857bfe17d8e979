import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { z } from 'zod';
import { severitySchema } from '../../../shared/notices.ts';
import {
  contactMessageTypeSchema,
  deliveryStateSchema,
  type DeliveryState,
  type DeliveryView,
} from '../../../shared/notify-status.ts';
import { openDatabase } from '../store/sqlite-database.ts';
import type { OpenedAlert } from './compose-message.ts';
import { contactMessageSchema, type ContactMessage } from './contact-message.ts';

// The durable outbox (docs/contact-points.md): every message to every point is a row committed before the
// first attempt, in per-point order (`seq`). Rows also remember what each alert was when it opened (for
// its recovery's audience and severity) and when each point's next reminder is due, so both survive a
// restart. `streamtray notify list` opens the same file read-only while `serve` writes it.

export const OUTBOX_FILE = 'contact-outbox.sqlite';

export function outboxPath(dataDir: string): string {
  return join(dataDir, OUTBOX_FILE);
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  point_id TEXT NOT NULL,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER,
  sent_at INTEGER,
  last_status INTEGER,
  last_error TEXT,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_by_point ON outbox (point_id, state, seq);
CREATE TABLE IF NOT EXISTS opened_alerts (
  alert_key TEXT PRIMARY KEY,
  severity TEXT NOT NULL,
  viewers INTEGER,
  opened_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reminders (
  point_id TEXT NOT NULL,
  incident_id INTEGER NOT NULL,
  next_at INTEGER NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (point_id, incident_id)
);`;

const rowSchema = z.object({
  seq: z.number(),
  id: z.string(),
  point_id: z.string(),
  type: contactMessageTypeSchema,
  title: z.string(),
  message: z.string(),
  state: deliveryStateSchema,
  attempts: z.number(),
  created_at: z.number(),
  next_attempt_at: z.number().nullable(),
  sent_at: z.number().nullable(),
  last_status: z.number().nullable(),
  last_error: z.string().nullable(),
});
type Row = z.infer<typeof rowSchema>;

export interface QueuedMessage {
  view: DeliveryView;
  message: ContactMessage;
}

export interface AttemptRecord {
  id: string;
  state: DeliveryState;
  attempts: number;
  at: number;
  nextAttemptAt: number | null;
  status: number | null;
  error: string | null;
}

export interface DueReminder {
  pointId: string;
  incidentId: number;
  nextAt: number;
  opening: ContactMessage;
}

function parseStored(text: string): ContactMessage | undefined {
  try {
    const parsed = contactMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function viewOf(row: Row): DeliveryView {
  return {
    id: row.id,
    pointId: row.point_id,
    type: row.type,
    title: row.title,
    state: row.state,
    attempts: row.attempts,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    sentAt: row.sent_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
  };
}

const openedSchema = z.object({
  severity: severitySchema,
  viewers: z.number().nullable(),
  opened_at: z.number(),
});
const reminderSchema = z.object({
  point_id: z.string(),
  incident_id: z.number(),
  next_at: z.number(),
  message: z.string(),
});
const countSchema = z.object({ pending: z.number().nullable(), failed: z.number().nullable() });

export interface OutboxStore {
  /** Commits one message per point, in one transaction. */
  enqueue(entries: readonly { pointId: string; message: ContactMessage }[]): void;
  /** The point's oldest message still to send. */
  head(pointId: string): QueuedMessage | undefined;
  record(attempt: AttemptRecord): void;
  recent(pointId: string, limit: number): DeliveryView[];
  counts(pointId: string): { pending: number; failed: number };
  /**
   * The point's waiting head is tried at `now` instead (its config or secret changed); `onlyIf` limits it
   * to heads whose last error starts with one of the given texts.
   */
  retryNow(pointId: string, now: number, onlyIf?: readonly string[]): void;
  /** Points with messages still to send (after a restart). */
  pointsWithWork(): string[];
  /** Messages of points no longer configured are dropped rather than kept forever. */
  dropPoint(pointId: string): void;
  rememberOpened(alertKey: string, opened: OpenedAlert): void;
  opened(alertKey: string): OpenedAlert | undefined;
  forgetOpened(alertKey: string): void;
  setReminder(pointId: string, incidentId: number, nextAt: number, opening: ContactMessage): void;
  dueReminders(now: number): DueReminder[];
  nextReminderAt(): number | null;
  deleteReminder(pointId: string, incidentId: number): void;
  /** Deletes finished rows older than `olderThan` and alert memories older than that. */
  prune(olderThan: number): void;
  close(): void;
}

export function openOutboxStore(dataDir: string, options: { readOnly?: boolean } = {}): OutboxStore {
  const file = outboxPath(dataDir);
  let db: DatabaseSync;
  if (options.readOnly === true) {
    db = new DatabaseSync(file, { readOnly: true });
    db.exec('PRAGMA busy_timeout = 5000');
  } else {
    db = openDatabase(file, 'normal');
    db.exec(SCHEMA);
  }
  const statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  function sql(text: string): ReturnType<DatabaseSync['prepare']> {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  }
  function rows(text: string, ...params: SQLInputValue[]): Row[] {
    return sql(text)
      .all(...params)
      .map((row) => rowSchema.parse(row));
  }
  function transaction(work: () => void): void {
    db.exec('BEGIN IMMEDIATE');
    try {
      work();
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  return {
    enqueue(entries) {
      if (entries.length === 0) return;
      transaction(() => {
        for (const { pointId, message } of entries) {
          sql(
            `INSERT INTO outbox (id, point_id, type, title, message, state, created_at, next_attempt_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
          ).run(
            message.id,
            pointId,
            message.type,
            message.title,
            JSON.stringify(message),
            message.createdAt,
            message.createdAt,
            message.createdAt,
          );
        }
      });
    },
    head(pointId) {
      for (;;) {
        const [row] = rows(
          `SELECT * FROM outbox WHERE point_id = ? AND state IN ('pending', 'retrying') ORDER BY seq LIMIT 1`,
          pointId,
        );
        if (!row) return undefined;
        const message = parseStored(row.message);
        if (message) return { view: viewOf(row), message };
        // A row no version of Streamtray can send must not hold up the point's later messages.
        sql(`UPDATE outbox SET state = 'failed', last_error = ?, next_attempt_at = NULL WHERE id = ?`).run(
          'the stored message is unreadable (written by another version?)',
          row.id,
        );
      }
    },
    record(attempt) {
      sql(
        `UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?,
           sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END, updated_at = ? WHERE id = ?`,
      ).run(
        attempt.state,
        attempt.attempts,
        attempt.nextAttemptAt,
        attempt.status,
        attempt.error,
        attempt.state,
        attempt.at,
        attempt.at,
        attempt.id,
      );
    },
    recent(pointId, limit) {
      return rows(`SELECT * FROM outbox WHERE point_id = ? ORDER BY seq DESC LIMIT ?`, pointId, limit).map(
        viewOf,
      );
    },
    counts(pointId) {
      const row = countSchema.parse(
        sql(
          `SELECT SUM(state IN ('pending', 'retrying')) AS pending, SUM(state = 'failed') AS failed
           FROM outbox WHERE point_id = ?`,
        ).get(pointId),
      );
      return { pending: row.pending ?? 0, failed: row.failed ?? 0 };
    },
    retryNow(pointId, now, onlyIf) {
      const head = rows(
        `SELECT * FROM outbox WHERE point_id = ? AND state = 'retrying' ORDER BY seq LIMIT 1`,
        pointId,
      )[0];
      if (!head) return;
      if (onlyIf && !onlyIf.some((prefix) => head.last_error?.startsWith(prefix) === true)) return;
      sql(`UPDATE outbox SET next_attempt_at = ? WHERE id = ?`).run(now, head.id);
    },
    pointsWithWork() {
      return sql(`SELECT DISTINCT point_id FROM outbox WHERE state IN ('pending', 'retrying')`)
        .all()
        .map((row) => z.object({ point_id: z.string() }).parse(row).point_id);
    },
    dropPoint(pointId) {
      transaction(() => {
        sql(`DELETE FROM outbox WHERE point_id = ? AND state IN ('pending', 'retrying')`).run(pointId);
        sql(`DELETE FROM reminders WHERE point_id = ?`).run(pointId);
      });
    },
    rememberOpened(alertKey, opened) {
      sql(
        `INSERT INTO opened_alerts (alert_key, severity, viewers, opened_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (alert_key) DO UPDATE SET severity = excluded.severity,
           viewers = COALESCE(excluded.viewers, opened_alerts.viewers)`,
      ).run(alertKey, opened.severity, opened.viewers, opened.openedAt);
    },
    opened(alertKey) {
      const row = sql(`SELECT severity, viewers, opened_at FROM opened_alerts WHERE alert_key = ?`).get(
        alertKey,
      );
      if (!row) return undefined;
      const parsed = openedSchema.parse(row);
      return { severity: parsed.severity, viewers: parsed.viewers, openedAt: parsed.opened_at };
    },
    forgetOpened(alertKey) {
      sql(`DELETE FROM opened_alerts WHERE alert_key = ?`).run(alertKey);
    },
    setReminder(pointId, incidentId, nextAt, opening) {
      sql(
        `INSERT INTO reminders (point_id, incident_id, next_at, message) VALUES (?, ?, ?, ?)
         ON CONFLICT (point_id, incident_id) DO UPDATE SET next_at = excluded.next_at, message = excluded.message`,
      ).run(pointId, incidentId, nextAt, JSON.stringify(opening));
    },
    dueReminders(now) {
      return sql(`SELECT * FROM reminders WHERE next_at <= ? ORDER BY next_at`)
        .all(now)
        .map((row) => {
          const parsed = reminderSchema.parse(row);
          return {
            pointId: parsed.point_id,
            incidentId: parsed.incident_id,
            nextAt: parsed.next_at,
            opening: contactMessageSchema.parse(JSON.parse(parsed.message)),
          };
        });
    },
    nextReminderAt() {
      const row = z
        .object({ at: z.number().nullable() })
        .parse(sql(`SELECT MIN(next_at) AS at FROM reminders`).get());
      return row.at;
    },
    deleteReminder(pointId, incidentId) {
      sql(`DELETE FROM reminders WHERE point_id = ? AND incident_id = ?`).run(pointId, incidentId);
    },
    prune(olderThan) {
      transaction(() => {
        sql(`DELETE FROM outbox WHERE state IN ('sent', 'failed') AND updated_at < ?`).run(olderThan);
        sql(`DELETE FROM opened_alerts WHERE opened_at < ?`).run(olderThan);
      });
    },
    close() {
      statements.clear();
      db.close();
    },
  };
}

/** Whether the outbox file exists (reading must not create a data directory). */
export function outboxExists(dataDir: string): boolean {
  return existsSync(outboxPath(dataDir));
}
