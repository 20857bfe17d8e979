import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { AlertSubject } from '../../../shared/alerts.ts';
import type { Incident, IncidentStore, OpenIncidentInput } from '../alerts/incident-store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS incidents (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  checkpoints TEXT NOT NULL,
  acknowledged_at INTEGER
);
-- At most one open incident per subject: the engine's findOpen relies on it.
CREATE UNIQUE INDEX IF NOT EXISTS incidents_one_open
  ON incidents (source_id, subject_kind, subject_name) WHERE closed_at IS NULL;
CREATE INDEX IF NOT EXISTS incidents_opened ON incidents (opened_at);
CREATE TABLE IF NOT EXISTS incident_events (
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  event_id INTEGER NOT NULL,
  PRIMARY KEY (incident_id, event_id)
) WITHOUT ROWID;
`;

const rowSchema = z.object({
  id: z.number(),
  source_id: z.string(),
  subject_kind: z.enum(['stream', 'server', 'source']),
  subject_name: z.string(),
  opened_at: z.number(),
  closed_at: z.number().nullable(),
  checkpoints: z.string(),
  acknowledged_at: z.number().nullable(),
});
const checkpointsSchema = z.array(z.string());
const eventIdRow = z.object({ event_id: z.number() });
const idRow = z.object({ id: z.number() });

function mergeCheckpoints(existing: readonly string[], more: readonly string[]): string[] {
  return [...new Set([...existing, ...more])];
}

/** The alert engine's incidents, persisted next to the alert log (same database, same transactions). */
export class SqliteIncidentStore implements IncidentStore {
  readonly #statements;
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(SCHEMA);
    this.#statements = {
      insert: db.prepare(
        'INSERT INTO incidents (source_id, subject_kind, subject_name, opened_at, checkpoints) VALUES (?, ?, ?, ?, ?) RETURNING id',
      ),
      link: db.prepare('INSERT OR IGNORE INTO incident_events (incident_id, event_id) VALUES (?, ?)'),
      close: db.prepare('UPDATE incidents SET closed_at = ? WHERE id = ? AND closed_at IS NULL'),
      setCheckpoints: db.prepare('UPDATE incidents SET checkpoints = ? WHERE id = ?'),
      acknowledge: db.prepare(
        'UPDATE incidents SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL',
      ),
      get: db.prepare('SELECT * FROM incidents WHERE id = ?'),
      events: db.prepare('SELECT event_id FROM incident_events WHERE incident_id = ? ORDER BY event_id'),
      findOpen: db.prepare(
        'SELECT * FROM incidents WHERE source_id = ? AND subject_kind = ? AND subject_name = ? AND closed_at IS NULL',
      ),
      list: db.prepare(
        `SELECT * FROM incidents WHERE (closed_at IS NULL OR closed_at >= ?)
           AND (? IS NULL OR (closed_at IS NULL) = ?) ORDER BY opened_at, id`,
      ),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
  }

  batch<T>(work: () => T): T {
    return this.#transaction(work);
  }

  #transaction<T>(work: () => T): T {
    const s = this.#statements;
    // Inside a batch (or the alert log's own transaction) the outer transaction stores it all at once.
    if (this.#db.isTransaction) return work();
    s.begin.run();
    try {
      const result = work();
      s.commit.run();
      return result;
    } catch (error) {
      s.rollback.run();
      throw error;
    }
  }

  #toIncident(raw: unknown): Incident {
    const row = rowSchema.parse(raw);
    const eventIds = this.#statements.events.all(row.id).map((r) => eventIdRow.parse(r).event_id);
    return {
      id: row.id,
      sourceId: row.source_id,
      subject: { kind: row.subject_kind, name: row.subject_name },
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      downtimeMs: row.closed_at === null ? null : row.closed_at - row.opened_at,
      checkpoints: checkpointsSchema.parse(JSON.parse(row.checkpoints)),
      acknowledgedAt: row.acknowledged_at,
      eventIds,
    };
  }

  #require(id: number): Incident {
    const incident = this.get(id);
    if (!incident) throw new Error(`incident ${id} does not exist`);
    return incident;
  }

  open(input: OpenIncidentInput): Incident {
    return this.#transaction(() => {
      const s = this.#statements;
      if (s.findOpen.get(input.sourceId, input.subject.kind, input.subject.name) !== undefined) {
        throw new Error(
          `an incident for ${input.subject.kind} "${input.subject.name}" of source "${input.sourceId}" is already open`,
        );
      }
      const row = s.insert.get(
        input.sourceId,
        input.subject.kind,
        input.subject.name,
        input.openedAt,
        JSON.stringify(mergeCheckpoints([], input.checkpoints)),
      );
      const id = idRow.parse(row).id;
      s.link.run(id, input.eventId);
      return this.#require(id);
    });
  }

  close(id: number, input: { closedAt: number; eventId?: number }): Incident {
    return this.#transaction(() => {
      const incident = this.#require(id);
      if (incident.closedAt !== null) throw new Error(`incident ${id} is already closed`);
      this.#statements.close.run(Math.max(input.closedAt, incident.openedAt), id);
      if (input.eventId !== undefined) this.#statements.link.run(id, input.eventId);
      return this.#require(id);
    });
  }

  attach(id: number, input: { eventId: number; checkpoints?: string[] }): Incident {
    return this.#transaction(() => {
      const incident = this.#require(id);
      this.#statements.link.run(id, input.eventId);
      if (input.checkpoints && input.checkpoints.length > 0) {
        this.#statements.setCheckpoints.run(
          JSON.stringify(mergeCheckpoints(incident.checkpoints, input.checkpoints)),
          id,
        );
      }
      return this.#require(id);
    });
  }

  findOpen(sourceId: string, subject: AlertSubject): Incident | undefined {
    const row = this.#statements.findOpen.get(sourceId, subject.kind, subject.name);
    return row === undefined ? undefined : this.#toIncident(row);
  }

  get(id: number): Incident | undefined {
    const row = this.#statements.get.get(id);
    return row === undefined ? undefined : this.#toIncident(row);
  }

  /** `sinceMs` keeps incidents that were down at any time since then: still open, or closed after it. */
  list(filter: { open?: boolean; sinceMs?: number } = {}): Incident[] {
    const open = filter.open === undefined ? null : filter.open ? 1 : 0;
    return this.#statements.list
      .all(filter.sinceMs ?? Number.MIN_SAFE_INTEGER, open, open)
      .map((row) => this.#toIncident(row));
  }

  acknowledge(id: number, at: number): Incident | undefined {
    if (this.#statements.get.get(id) === undefined) return undefined;
    // The first acknowledgement is the one that counts; a second click changes nothing.
    this.#statements.acknowledge.run(at, id);
    return this.get(id);
  }
}
