import { subjectKey, type AlertSubject } from '../../../shared/alerts.ts';
import type { Incident, IncidentStore, OpenIncidentInput } from './incident-store.ts';

// Incidents in memory, for engine tests, benchmarks and `streamtray demo`. Returns copies, as the SQLite
// store does, so a caller holding an Incident never sees it change underneath.

function copy(incident: Incident): Incident {
  return {
    ...incident,
    subject: { ...incident.subject },
    checkpoints: [...incident.checkpoints],
    eventIds: [...incident.eventIds],
  };
}

function merge(into: string[], more: readonly string[] | undefined): void {
  for (const checkpoint of more ?? []) if (!into.includes(checkpoint)) into.push(checkpoint);
}

export class MemoryIncidentStore implements IncidentStore {
  batch<T>(work: () => T): T {
    return work();
  }

  readonly #incidents = new Map<number, Incident>();
  readonly #openByKey = new Map<string, number>();
  #nextId = 1;

  open(input: OpenIncidentInput): Incident {
    const key = subjectKey(input.sourceId, input.subject);
    const already = this.#openByKey.get(key);
    if (already !== undefined) {
      throw new Error(
        `incident ${already} for ${input.subject.kind} ${input.subject.name} on ${input.sourceId} is still open`,
      );
    }
    const incident: Incident = {
      id: this.#nextId++,
      sourceId: input.sourceId,
      subject: { ...input.subject },
      openedAt: input.openedAt,
      closedAt: null,
      downtimeMs: null,
      checkpoints: [],
      acknowledgedAt: null,
      eventIds: [input.eventId],
    };
    merge(incident.checkpoints, input.checkpoints);
    this.#incidents.set(incident.id, incident);
    this.#openByKey.set(key, incident.id);
    return copy(incident);
  }

  close(id: number, input: { closedAt: number; eventId?: number }): Incident {
    const incident = this.#require(id);
    if (incident.closedAt !== null) throw new Error(`incident ${id} is already closed`);
    incident.closedAt = input.closedAt;
    incident.downtimeMs = Math.max(0, input.closedAt - incident.openedAt);
    if (input.eventId !== undefined) incident.eventIds.push(input.eventId);
    this.#openByKey.delete(subjectKey(incident.sourceId, incident.subject));
    return copy(incident);
  }

  attach(id: number, input: { eventId: number; checkpoints?: string[] }): Incident {
    const incident = this.#require(id);
    incident.eventIds.push(input.eventId);
    merge(incident.checkpoints, input.checkpoints);
    return copy(incident);
  }

  findOpen(sourceId: string, subject: AlertSubject): Incident | undefined {
    const id = this.#openByKey.get(subjectKey(sourceId, subject));
    const incident = id === undefined ? undefined : this.#incidents.get(id);
    return incident && copy(incident);
  }

  get(id: number): Incident | undefined {
    const incident = this.#incidents.get(id);
    return incident && copy(incident);
  }

  list(filter: { open?: boolean; sinceMs?: number } = {}): Incident[] {
    const out: Incident[] = [];
    for (const incident of this.#incidents.values()) {
      if (filter.open !== undefined && (incident.closedAt === null) !== filter.open) continue;
      const closedAt = incident.closedAt;
      if (filter.sinceMs !== undefined && closedAt !== null && closedAt < filter.sinceMs) continue;
      out.push(copy(incident));
    }
    return out.sort((a, b) => a.openedAt - b.openedAt || a.id - b.id);
  }

  acknowledge(id: number, at: number): Incident | undefined {
    const incident = this.#incidents.get(id);
    if (!incident) return undefined;
    incident.acknowledgedAt ??= at;
    return copy(incident);
  }

  #require(id: number): Incident {
    const incident = this.#incidents.get(id);
    if (!incident) throw new Error(`no incident ${id}`);
    return incident;
  }
}
