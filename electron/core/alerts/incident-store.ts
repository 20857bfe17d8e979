import type { AlertSubject, Incident } from '../../../shared/alerts.ts';

export type { Incident };

export interface OpenIncidentInput {
  sourceId: string;
  subject: AlertSubject;
  openedAt: number;
  checkpoints: string[];
  eventId: number;
}

/** Where the alert engine keeps incidents: SQLite in the app, memory in engine tests. */
export interface IncidentStore {
  open(input: OpenIncidentInput): Incident;
  close(id: number, input: { closedAt: number; eventId?: number }): Incident;
  /** Links a further event (a repeated offline, say) to an incident, merging its checkpoints. */
  attach(id: number, input: { eventId: number; checkpoints?: string[] }): Incident;
  findOpen(sourceId: string, subject: AlertSubject): Incident | undefined;
  get(id: number): Incident | undefined;
  /**
   * Oldest first. `sinceMs` keeps the incidents that were down at any time since then: still open, or
   * closed at or after it.
   */
  list(filter?: { open?: boolean; sinceMs?: number }): Incident[];
  acknowledge(id: number, at: number): Incident | undefined;
  /**
   * Runs `work` so that every change it makes is stored together (one SQLite transaction for a burst of
   * events, instead of one per incident). Calls made inside share it.
   */
  batch<T>(work: () => T): T;
}
