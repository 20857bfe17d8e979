import type { AlertEvent, Incident } from '../../../shared/alerts.ts';
import type { SourceSnapshot } from '../../../shared/bridge.ts';
import type { ProviderKind } from '../../../shared/domain.ts';
import type { StreamEntry, StreamOrigin } from '../../../shared/stream-catalog.ts';
import type { StreamSeen } from '../store/history/history-store.ts';

// One list of every stream the app knows, merged from what each part of the core remembers. The newest
// word wins: a stream in the latest poll is live; otherwise the latest push alert about it says; otherwise
// an open incident means it is down; otherwise it is off air since polling last saw it.

export interface CatalogSource {
  id: string;
  name: string;
  provider: ProviderKind;
}

export interface CatalogInput {
  sources: readonly CatalogSource[];
  /** The snapshot's view of each source: its live list and whether it is stale. */
  live: readonly SourceSnapshot[];
  seen: readonly StreamSeen[];
  /** Alert log events, oldest first; only stream subjects are used. */
  events: readonly AlertEvent[];
  openIncidents: readonly Incident[];
}

interface Draft {
  entry: StreamEntry;
  origins: Set<StreamOrigin>;
  /** occurredAt of the newest alert applied, so an older one does not overrule it. */
  alertAt: number;
}

const keyOf = (sourceId: string, name: string) => `${sourceId}\u0000${name}`;

function draftFor(drafts: Map<string, Draft>, source: CatalogSource, name: string): Draft {
  const key = keyOf(source.id, name);
  const known = drafts.get(key);
  if (known !== undefined) return known;
  const draft: Draft = {
    entry: {
      sourceId: source.id,
      sourceName: source.name,
      provider: source.provider,
      name,
      state: 'offline',
      viewers: null,
      bandwidthBps: null,
      lastSeenAt: null,
      offlineSince: null,
      openIncidentId: null,
      knownFrom: [],
    },
    origins: new Set(),
    alertAt: Number.NEGATIVE_INFINITY,
  };
  drafts.set(key, draft);
  return draft;
}

const later = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

function applySeen(draft: Draft, seen: StreamSeen): void {
  draft.origins.add('history');
  draft.entry.lastSeenAt = later(draft.entry.lastSeenAt, seen.lastAt);
}

function applyAlert(draft: Draft, event: AlertEvent): void {
  draft.origins.add(event.origin === 'webhook' ? 'webhook' : 'history');
  if (event.occurredAt < draft.alertAt) return;
  draft.alertAt = event.occurredAt;
  if (event.status === 'online') draft.entry.lastSeenAt = later(draft.entry.lastSeenAt, event.occurredAt);
}

/** The merged list, in no particular order (the view sorts). */
export function buildStreamCatalog(input: CatalogInput): StreamEntry[] {
  const sources = new Map(input.sources.map((source) => [source.id, source]));
  const drafts = new Map<string, Draft>();
  for (const seen of input.seen) {
    const source = sources.get(seen.sourceId);
    if (source !== undefined) applySeen(draftFor(drafts, source, seen.stream), seen);
  }
  const lastAlert = new Map<string, AlertEvent>();
  for (const event of input.events) {
    if (event.subject.kind !== 'stream') continue;
    const source = sources.get(event.sourceId);
    if (source === undefined) continue;
    applyAlert(draftFor(drafts, source, event.subject.name), event);
    const key = keyOf(event.sourceId, event.subject.name);
    const before = lastAlert.get(key);
    if (before === undefined || event.occurredAt >= before.occurredAt) lastAlert.set(key, event);
  }
  const incidents = new Map<string, Incident>();
  for (const incident of input.openIncidents) {
    if (incident.subject.kind !== 'stream' || incident.closedAt !== null) continue;
    const source = sources.get(incident.sourceId);
    if (source === undefined) continue;
    const draft = draftFor(drafts, source, incident.subject.name);
    draft.origins.add('incident');
    draft.entry.openIncidentId = incident.id;
    incidents.set(keyOf(incident.sourceId, incident.subject.name), incident);
  }
  const onAir = new Set<string>();
  const staleSources = new Set<string>();
  for (const snapshot of input.live) {
    const source = sources.get(snapshot.id);
    if (source === undefined) continue;
    if (snapshot.stale) staleSources.add(snapshot.id);
    for (const stream of snapshot.streams) {
      const draft = draftFor(drafts, source, stream.name);
      draft.origins.add('poll');
      draft.entry.viewers = stream.viewers;
      draft.entry.bandwidthBps = stream.bandwidthBps;
      draft.entry.lastSeenAt = later(draft.entry.lastSeenAt, snapshot.lastSuccessAt);
      onAir.add(keyOf(snapshot.id, stream.name));
    }
  }
  return [...drafts.entries()].map(([key, draft]) => {
    const { entry } = draft;
    entry.knownFrom = [...draft.origins].sort();
    const alert = lastAlert.get(key);
    const incident = incidents.get(key);
    if (onAir.has(key)) {
      entry.state = staleSources.has(entry.sourceId) ? 'stale' : 'live';
    } else if (alert !== undefined && alert.origin === 'webhook') {
      // Push-only streams (WMSPanel): the monitor's last word is the state.
      entry.state = alert.status === 'online' ? 'live' : 'offline';
      entry.offlineSince = alert.status === 'offline' ? alert.occurredAt : null;
    } else if (incident !== undefined) {
      entry.state = 'offline';
      entry.offlineSince = incident.openedAt;
    } else if (staleSources.has(entry.sourceId)) {
      entry.state = 'stale';
    } else {
      entry.state = 'offline';
      entry.offlineSince = alert?.status === 'offline' ? alert.occurredAt : entry.lastSeenAt;
    }
    return entry;
  });
}
