import type { Incident } from '../../../../shared/alerts.ts';
import type { Snapshot, SourceSnapshot } from '../../../../shared/bridge.ts';
import type { StreamLive } from '../../../../shared/domain.ts';

// Snapshots as the core builds them, for the metrics tests.

export const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

export function liveSource(
  overrides: Partial<SourceSnapshot> & Pick<SourceSnapshot, 'id' | 'provider'>,
): SourceSnapshot {
  return {
    name: overrides.id.toUpperCase(),
    state: 'scheduled',
    viewers: null,
    bandwidthBps: null,
    streams: [],
    lastSuccessAt: T0,
    lastError: null,
    lastErrorAt: null,
    staleMs: 0,
    stale: false,
    callsToday: 1,
    ...overrides,
  };
}

export function streams(
  count: number,
  viewers: (i: number) => number | null,
  bps: (i: number) => number | null = () => null,
): StreamLive[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `s${String(i).padStart(3, '0')}`,
    viewers: viewers(i),
    bandwidthBps: bps(i),
  }));
}

export function openIncident(id: number, sourceId: string): Incident {
  return {
    id,
    sourceId,
    subject: { kind: 'stream', name: `stream-${id}` },
    openedAt: T0,
    closedAt: null,
    downtimeMs: null,
    checkpoints: [],
    acknowledgedAt: null,
    eventIds: [id],
  };
}

export function snapshotOf(sources: SourceSnapshot[], extra: Partial<Snapshot> = {}): Snapshot {
  const fresh = sources.filter((s) => !s.stale);
  const sum = (values: (number | null)[]) =>
    values.some((v) => v !== null) ? values.reduce<number>((n, v) => n + (v ?? 0), 0) : null;
  return {
    at: T0,
    paused: false,
    sources,
    total: { viewers: sum(fresh.map((s) => s.viewers)), bandwidthBps: sum(fresh.map((s) => s.bandwidthBps)) },
    openIncidents: [],
    glance: { viewers: null, bandwidthBps: null, state: 'ok', openIncidents: 0 },
    ...extra,
  };
}
