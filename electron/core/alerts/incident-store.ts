import type { AlertSubject } from '../../../shared/alerts.ts';

/**
 * A stream, server or source being down: opened by an offline event, closed by the matching online
 * event (servers have none: a later sync, poll or the operator closes them).
 */
export interface Incident {
  id: number;
  sourceId: string;
  subject: AlertSubject;
  openedAt: number;
  closedAt: number | null;
  /** closedAt - openedAt, once closed. */
  downtimeMs: number | null;
  /** Dispersa checkpoints that failed, union over the incident's offline events. */
  checkpoints: string[];
  acknowledgedAt: number | null;
  /** Alert log rows behind this incident, oldest first. */
  eventIds: number[];
}

/** Where the alert engine keeps incidents: SQLite in the app, memory in engine tests. */
export interface IncidentStore {
  open(input: {
    sourceId: string;
    subject: AlertSubject;
    openedAt: number;
    checkpoints: string[];
    eventId: number;
  }): Incident;
  close(id: number, input: { closedAt: number; eventId?: number }): Incident;
  /** Links a further event (a repeated offline, say) to an incident, merging its checkpoints. */
  attach(id: number, input: { eventId: number; checkpoints?: string[] }): Incident;
  findOpen(sourceId: string, subject: AlertSubject): Incident | undefined;
  get(id: number): Incident | undefined;
  list(filter?: { open?: boolean; sinceMs?: number }): Incident[];
  acknowledge(id: number, at: number): Incident | undefined;
}
