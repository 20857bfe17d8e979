import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { subjectKey, type AlertSubject } from '../../../shared/alerts.ts';
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
  acknowledged_at INTEGER,
  opened_by INTEGER,
  closed_by INTEGER
);
-- Closed incidents are read by the time they closed. Open ones live in memory, which also keeps them to
-- one per subject: an index for that (the store is the only writer) cost a scattered B-tree write per
-- incident, a third of what storing a storm's incidents took.
CREATE INDEX IF NOT EXISTS incidents_closed ON incidents (closed_at) WHERE closed_at IS NOT NULL;
DROP INDEX IF EXISTS incidents_opened;
DROP INDEX IF EXISTS incidents_one_open;
-- Further events of an incident (a repeated offline); the ones that opened and closed it are kept in
-- its own row, so a storm of new incidents costs one insert each, not two.
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
  opened_by: z.number().nullable(),
  closed_by: z.number().nullable(),
});
const checkpointsSchema = z.array(z.string());
const eventIdRow = z.object({ event_id: z.number() });

/** Databases made before a column existed get it (NULL in old rows, which the readers allow). */
function addMissingColumns(db: DatabaseSync): void {
  const have = new Set(
    db
      .prepare('PRAGMA table_info(incidents)')
      .all()
      .map((column) => String(column['name'])),
  );
  for (const column of ['opened_by', 'closed_by']) {
    if (!have.has(column)) db.exec(`ALTER TABLE incidents ADD COLUMN ${column} INTEGER`);
  }
}

/** The union of two checkpoint lists, in first-seen order; `existing` itself when nothing is new. */
function mergeCheckpoints(existing: readonly string[], more: readonly string[]): readonly string[] {
  if (more.every((checkpoint) => existing.includes(checkpoint))) return existing;
  return [...new Set([...existing, ...more])];
}

/**
 * The alert engine's incidents, persisted next to the alert log (same database, same transactions).
 *
 * Open incidents are also kept in memory: the engine asks "is one open for this subject?" for every event
 * of a storm, and answering from SQLite (a read plus a read-back after each write) cost more than the
 * writes themselves. Memory and disk change in the same call; a rolled-back transaction is followed by
 * `reload()`, so memory never holds what the file does not. Closed incidents are read from SQLite.
 *
 * An Incident handed out is never changed afterwards (a change makes a new object), so callers get the
 * stored object itself rather than a copy, and must not change it either.
 */
export class SqliteIncidentStore implements IncidentStore {
  readonly #statements;
  readonly #db: DatabaseSync;
  /** Open incidents by id, and their ids by subject key. */
  readonly #open = new Map<number, Incident>();
  readonly #openByKey = new Map<string, number>();
  /** Inside #transaction's work: nested calls join the transaction already open. */
  #inBatch = false;

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(SCHEMA);
    addMissingColumns(db);
    this.#statements = {
      insert: db.prepare(
        'INSERT INTO incidents (source_id, subject_kind, subject_name, opened_at, checkpoints, opened_by) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      link: db.prepare('INSERT OR IGNORE INTO incident_events (incident_id, event_id) VALUES (?, ?)'),
      close: db.prepare(
        'UPDATE incidents SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL',
      ),
      setCheckpoints: db.prepare('UPDATE incidents SET checkpoints = ? WHERE id = ?'),
      acknowledge: db.prepare(
        'UPDATE incidents SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL',
      ),
      get: db.prepare('SELECT * FROM incidents WHERE id = ?'),
      events: db.prepare('SELECT event_id FROM incident_events WHERE incident_id = ? ORDER BY event_id'),
      allOpen: db.prepare('SELECT * FROM incidents WHERE closed_at IS NULL'),
      closedSince: db.prepare('SELECT * FROM incidents WHERE closed_at >= ?'),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
    this.reload();
  }

  /** Re-reads the open incidents from the file: after a rollback undid changes made in memory. */
  reload(): void {
    this.#open.clear();
    this.#openByKey.clear();
    for (const row of this.#statements.allOpen.all()) this.#remember(this.#toIncident(row));
  }

  batch<T>(work: () => T): T {
    return this.#transaction(work);
  }

  #transaction<T>(work: () => T): T {
    const s = this.#statements;
    // Inside a batch (or the alert log's own transaction) the outer transaction stores it all at once;
    // calls nested in the work know that without asking SQLite again for every incident.
    if (this.#inBatch) return work();
    const own = !this.#db.isTransaction;
    if (own) s.begin.run();
    this.#inBatch = true;
    try {
      const result = work();
      if (own) s.commit.run();
      return result;
    } catch (error) {
      if (own) {
        s.rollback.run();
        this.reload();
      }
      throw error;
    } finally {
      this.#inBatch = false;
    }
  }

  #remember(incident: Incident, key = subjectKey(incident.sourceId, incident.subject)): void {
    this.#open.set(incident.id, incident);
    this.#openByKey.set(key, incident.id);
  }

  #forget(incident: Incident): void {
    this.#open.delete(incident.id);
    this.#openByKey.delete(subjectKey(incident.sourceId, incident.subject));
  }

  #toIncident(raw: unknown): Incident {
    const row = rowSchema.parse(raw);
    const linked = this.#statements.events.all(row.id).map((r) => eventIdRow.parse(r).event_id);
    const ids = new Set([...(row.opened_by === null ? [] : [row.opened_by]), ...linked]);
    if (row.closed_by !== null) ids.add(row.closed_by);
    const eventIds = [...ids].sort((a, b) => a - b);
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

  #requireOpen(id: number): Incident {
    const incident = this.#open.get(id);
    if (incident) return incident;
    throw new Error(
      this.#statements.get.get(id) === undefined
        ? `incident ${id} does not exist`
        : `incident ${id} is already closed`,
    );
  }

  open(input: OpenIncidentInput): Incident {
    const key = subjectKey(input.sourceId, input.subject);
    if (this.#openByKey.has(key)) {
      throw new Error(
        `an incident for ${input.subject.kind} "${input.subject.name}" of source "${input.sourceId}" is already open`,
      );
    }
    return this.#transaction(() => {
      const s = this.#statements;
      // The event's own subject and checkpoint list are kept, not copied: neither is ever changed (see the
      // class comment), and a storm opens an incident per event.
      const checkpoints = input.checkpoints.length < 2 ? input.checkpoints : [...new Set(input.checkpoints)];
      // run() reports the new rowid itself; RETURNING would build a result row for it.
      const id = Number(
        s.insert.run(
          input.sourceId,
          input.subject.kind,
          input.subject.name,
          input.openedAt,
          JSON.stringify(checkpoints),
          input.eventId,
        ).lastInsertRowid,
      );
      const incident: Incident = {
        id,
        sourceId: input.sourceId,
        subject: input.subject,
        openedAt: input.openedAt,
        closedAt: null,
        downtimeMs: null,
        checkpoints,
        acknowledgedAt: null,
        eventIds: [input.eventId],
      };
      this.#remember(incident, key);
      return incident;
    });
  }

  close(id: number, input: { closedAt: number; eventId?: number }): Incident {
    return this.#transaction(() => {
      const open = this.#requireOpen(id);
      const closedAt = Math.max(input.closedAt, open.openedAt);
      this.#statements.close.run(closedAt, input.eventId ?? null, id);
      const eventIds = [...open.eventIds];
      if (input.eventId !== undefined && !eventIds.includes(input.eventId)) eventIds.push(input.eventId);
      this.#forget(open);
      return { ...open, closedAt, downtimeMs: closedAt - open.openedAt, eventIds };
    });
  }

  attach(id: number, input: { eventId: number; checkpoints?: string[] }): Incident {
    return this.#transaction(() => {
      // A closed incident (an event arriving after a hand close) is rare: read from the file.
      const current = this.#open.get(id) ?? this.get(id);
      if (!current) throw new Error(`incident ${id} does not exist`);
      const checkpoints = mergeCheckpoints(current.checkpoints, input.checkpoints ?? []);
      if (checkpoints !== current.checkpoints)
        this.#statements.setCheckpoints.run(JSON.stringify(checkpoints), id);
      const known = current.eventIds.includes(input.eventId);
      if (!known) this.#statements.link.run(id, input.eventId);
      if (current.closedAt !== null) return this.get(id) ?? current;
      const updated: Incident = {
        ...current,
        checkpoints: [...checkpoints],
        eventIds: known ? current.eventIds : [...current.eventIds, input.eventId],
      };
      this.#remember(updated);
      return updated;
    });
  }

  findOpen(sourceId: string, subject: AlertSubject): Incident | undefined {
    const id = this.#openByKey.get(subjectKey(sourceId, subject));
    return id === undefined ? undefined : this.#open.get(id);
  }

  get(id: number): Incident | undefined {
    const open = this.#open.get(id);
    if (open) return open;
    const row = this.#statements.get.get(id);
    return row === undefined ? undefined : this.#toIncident(row);
  }

  list(filter: { open?: boolean; sinceMs?: number } = {}): Incident[] {
    const out: Incident[] = [];
    if (filter.open !== false) for (const incident of this.#open.values()) out.push(incident);
    if (filter.open !== true) {
      for (const row of this.#statements.closedSince.all(filter.sinceMs ?? Number.MIN_SAFE_INTEGER))
        out.push(this.#toIncident(row));
    }
    return out.sort((a, b) => a.openedAt - b.openedAt || a.id - b.id);
  }

  acknowledge(id: number, at: number): Incident | undefined {
    const open = this.#open.get(id);
    if (!open) {
      if (this.#statements.get.get(id) === undefined) return undefined;
      // The first acknowledgement is the one that counts; a second click changes nothing.
      this.#statements.acknowledge.run(at, id);
      return this.get(id);
    }
    if (open.acknowledgedAt !== null) return open;
    this.#transaction(() => this.#statements.acknowledge.run(at, id));
    const updated: Incident = { ...open, acknowledgedAt: at };
    this.#remember(updated);
    return updated;
  }
}
