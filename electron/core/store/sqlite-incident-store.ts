import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
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

/** The union of two checkpoint lists, in first-seen order; `existing` itself when nothing is new. */
function mergeCheckpoints(existing: readonly string[], more: readonly string[]): readonly string[] {
  if (more.every((checkpoint) => existing.includes(checkpoint))) return existing;
  return [...new Set([...existing, ...more])];
}

/** What a transaction's writes left behind, for the one who commits it. */
export interface IncidentWrites {
  /** The first write that failed in it (its later writes were skipped); null when all went in. */
  failure: unknown;
}

/**
 * The alert engine's incidents, persisted next to the alert log (same database, same transactions).
 *
 * Open incidents are also kept in memory: the engine asks "is one open for this subject?" for every event
 * of a storm, and answering from SQLite (a read plus a read-back after each write) cost more than the
 * writes themselves. Memory is what the engine decided, and the file follows it: a write that fails (a
 * full disk, a rolled-back transaction) leaves memory as it is and keeps the incident "unsaved" until a
 * later transaction writes it again (see alert-feed.ts). The engine's own memory (notices sent, flap
 * counts) has moved on by then, so undoing the store instead would let the two disagree. Ids are given
 * here, not by SQLite, so an incident keeps its id whether or not its first write went in.
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
  /** Incidents changed in memory whose latest state is not committed to the file yet. */
  readonly #unsaved = new Map<number, Incident>();
  #nextId = 1;
  /** The first failed write of the current transaction: its later writes are skipped. */
  #writeFailure: unknown = null;
  /** Inside #transaction's work: nested calls join the transaction already open. */
  #inBatch = false;
  /** Hears of writes left unsaved by a transaction of the store's own (the feed retries them). */
  #onUnsaved: (failure: unknown) => void = () => {};

  constructor(db: DatabaseSync) {
    this.#db = db;
    db.exec(SCHEMA);
    this.#statements = {
      insert: db.prepare(
        'INSERT INTO incidents (id, source_id, subject_kind, subject_name, opened_at, checkpoints, opened_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      rewrite: db.prepare(`
        INSERT INTO incidents (id, source_id, subject_kind, subject_name, opened_at, closed_at, checkpoints,
          acknowledged_at, opened_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET closed_at = excluded.closed_at, checkpoints = excluded.checkpoints,
          acknowledged_at = excluded.acknowledged_at`),
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
      maxId: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM incidents'),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
    this.#readOpen();
  }

  /** The feed's hook: a transaction of the store's own could not store its writes. */
  onUnsaved(listener: (failure: unknown) => void): void {
    this.#onUnsaved = listener;
  }

  hasUnsaved(): boolean {
    return this.#unsaved.size > 0;
  }

  /**
   * Inside a transaction the caller opened, before the engine's writes: starts counting failures afresh
   * and writes again what earlier transactions could not store.
   */
  beginWrites(): void {
    this.#writeFailure = null;
    for (const incident of this.#unsaved.values()) this.#writeWhole(incident);
  }

  /** What the writes since beginWrites() did; call before the COMMIT. */
  writes(): IncidentWrites {
    return { failure: this.#writeFailure };
  }

  /** After the caller's COMMIT worked and writes() had no failure: memory and file agree again. */
  saved(): void {
    if (this.#unsaved.size > 0) this.#unsaved.clear();
  }

  /** What memory holds before the engine runs, to go back to if the engine itself throws. */
  memoryMark(): Map<number, Incident> {
    return new Map(this.#unsaved);
  }

  /**
   * After `ROLLBACK TO` a savepoint taken at `mark`: memory as the file now reads, plus what was unsaved
   * then. Used only when the engine threw, so that half of its work is not kept.
   */
  backToMark(mark: Map<number, Incident>): void {
    this.#unsaved.clear();
    for (const [id, incident] of mark) this.#unsaved.set(id, incident);
    this.#readOpen();
  }

  #readOpen(): void {
    this.#open.clear();
    this.#openByKey.clear();
    for (const row of this.#statements.allOpen.all()) this.#remember(this.#toIncident(row));
    for (const incident of this.#unsaved.values()) {
      if (incident.closedAt === null) this.#remember(incident);
      else this.#forget(incident);
    }
    const stored = Number(this.#statements.maxId.get()?.['id'] ?? 0);
    const unsaved = Math.max(0, ...this.#unsaved.keys());
    this.#nextId = Math.max(this.#nextId, stored + 1, unsaved + 1);
  }

  batch<T>(work: () => T): T {
    return this.#transaction(work);
  }

  /** One write of the current transaction; after a failure the rest are skipped (memory keeps them). */
  #write(statement: StatementSync, ...values: SQLInputValue[]): void {
    if (this.#writeFailure !== null) return;
    try {
      statement.run(...values);
    } catch (error) {
      this.#writeFailure = error;
    }
  }

  /** Writes an incident's whole state, whatever the file holds for it. */
  #writeWhole(incident: Incident): void {
    this.#write(
      this.#statements.rewrite,
      incident.id,
      incident.sourceId,
      incident.subject.kind,
      incident.subject.name,
      incident.openedAt,
      incident.closedAt,
      JSON.stringify(incident.checkpoints),
      incident.acknowledgedAt,
      incident.eventIds[0] ?? null,
    );
    for (const eventId of incident.eventIds.slice(1))
      this.#write(this.#statements.link, incident.id, eventId);
  }

  #transaction<T>(work: () => T): T {
    // Inside a batch (or the alert log's own transaction) the outer transaction stores it all at once and
    // its owner reads writes(); calls nested in the work know that without asking SQLite again.
    if (this.#inBatch || this.#db.isTransaction) return this.#inside(work);
    const s = this.#statements;
    let began = false;
    try {
      s.begin.run();
      began = true;
      this.beginWrites();
    } catch (error) {
      this.#writeFailure = error;
    }
    try {
      return this.#inside(work);
    } finally {
      this.#finishOwn(began);
    }
  }

  #inside<T>(work: () => T): T {
    if (this.#inBatch) return work();
    this.#inBatch = true;
    try {
      return work();
    } finally {
      this.#inBatch = false;
    }
  }

  /** Commits a transaction of the store's own; what it could not store stays unsaved, for a retry. */
  #finishOwn(began: boolean): void {
    const s = this.#statements;
    if (began && this.#writeFailure === null) {
      try {
        s.commit.run();
        this.saved();
        return;
      } catch (error) {
        this.#writeFailure = error;
      }
    }
    // SQLite has already rolled back on SQLITE_FULL and some I/O errors: ROLLBACK only what is still open.
    if (this.#db.isTransaction) {
      try {
        s.rollback.run();
      } catch {
        // Nothing more to undo; the failure that matters is the one kept above.
      }
    }
    const failure = this.#writeFailure;
    this.#writeFailure = null;
    this.#onUnsaved(failure);
  }

  #changed(incident: Incident): void {
    this.#unsaved.set(incident.id, incident);
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
      this.get(id) === undefined ? `incident ${id} does not exist` : `incident ${id} is already closed`,
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
      // The event's own subject and checkpoint list are kept, not copied: neither is ever changed (see the
      // class comment), and a storm opens an incident per event.
      const checkpoints = input.checkpoints.length < 2 ? input.checkpoints : [...new Set(input.checkpoints)];
      const id = this.#nextId;
      this.#nextId += 1;
      this.#write(
        this.#statements.insert,
        id,
        input.sourceId,
        input.subject.kind,
        input.subject.name,
        input.openedAt,
        JSON.stringify(checkpoints),
        input.eventId,
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
      this.#changed(incident);
      return incident;
    });
  }

  close(id: number, input: { closedAt: number; eventId?: number }): Incident {
    return this.#transaction(() => {
      const open = this.#requireOpen(id);
      const closedAt = Math.max(input.closedAt, open.openedAt);
      this.#write(this.#statements.close, closedAt, input.eventId ?? null, id);
      const eventIds = [...open.eventIds];
      if (input.eventId !== undefined && !eventIds.includes(input.eventId)) eventIds.push(input.eventId);
      this.#forget(open);
      const closed = { ...open, closedAt, downtimeMs: closedAt - open.openedAt, eventIds };
      this.#changed(closed);
      return closed;
    });
  }

  attach(id: number, input: { eventId: number; checkpoints?: string[] }): Incident {
    return this.#transaction(() => {
      // A closed incident (an event arriving after a hand close) is rare: read from the file.
      const current = this.#open.get(id) ?? this.get(id);
      if (!current) throw new Error(`incident ${id} does not exist`);
      const checkpoints = mergeCheckpoints(current.checkpoints, input.checkpoints ?? []);
      if (checkpoints !== current.checkpoints)
        this.#write(this.#statements.setCheckpoints, JSON.stringify(checkpoints), id);
      const known = current.eventIds.includes(input.eventId);
      if (!known) this.#write(this.#statements.link, id, input.eventId);
      if (checkpoints === current.checkpoints && known) return current;
      const updated: Incident = {
        ...current,
        checkpoints: [...checkpoints],
        eventIds: known ? current.eventIds : [...current.eventIds, input.eventId],
      };
      if (current.closedAt === null) this.#remember(updated);
      this.#changed(updated);
      return updated;
    });
  }

  findOpen(sourceId: string, subject: AlertSubject): Incident | undefined {
    const id = this.#openByKey.get(subjectKey(sourceId, subject));
    return id === undefined ? undefined : this.#open.get(id);
  }

  get(id: number): Incident | undefined {
    const known = this.#open.get(id) ?? this.#unsaved.get(id);
    if (known) return known;
    const row = this.#statements.get.get(id);
    return row === undefined ? undefined : this.#toIncident(row);
  }

  list(filter: { open?: boolean; sinceMs?: number } = {}): Incident[] {
    const out: Incident[] = [];
    if (filter.open !== false) for (const incident of this.#open.values()) out.push(incident);
    if (filter.open !== true) {
      const since = filter.sinceMs ?? Number.MIN_SAFE_INTEGER;
      for (const row of this.#statements.closedSince.all(since)) {
        const incident = this.#toIncident(row);
        // A change not stored yet is what is true: the file's row for it is older.
        if (!this.#unsaved.has(incident.id)) out.push(incident);
      }
      for (const incident of this.#unsaved.values()) {
        if (incident.closedAt !== null && incident.closedAt >= since) out.push(incident);
      }
    }
    return out.sort((a, b) => a.openedAt - b.openedAt || a.id - b.id);
  }

  acknowledge(id: number, at: number): Incident | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    // The first acknowledgement is the one that counts; a second click changes nothing.
    if (current.acknowledgedAt !== null) return current;
    return this.#transaction(() => {
      this.#write(this.#statements.acknowledge, at, id);
      const updated: Incident = { ...current, acknowledgedAt: at };
      if (updated.closedAt === null) this.#remember(updated);
      this.#changed(updated);
      return updated;
    });
  }
}
