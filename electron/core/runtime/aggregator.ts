import type { Incident } from '../../../shared/alerts.ts';
import type { CallBudget, Snapshot, SourceSnapshot } from '../../../shared/bridge.ts';
import type { SourceConfig } from '../../../shared/config.ts';
import { sumKnown, type LiveReading } from '../../../shared/domain.ts';
import type { Severity } from '../../../shared/notices.ts';
import type { SourceStatus } from '../poller/poller.ts';
import { boundOpenIncidents } from './bounded-incidents.ts';
import { defaultIncidentSeverity, glanceOf } from './glance.ts';

// Everything shown right now, from the latest good reading of each source and the poller's view of it.
// Values stay on screen after a failure (greyed as stale) rather than vanishing: the operator still wants
// to know what was last seen.

export interface AggregatorInputs {
  at: number;
  paused: boolean;
  sources: readonly { config: SourceConfig; intervalMs: number; callBudget?: CallBudget | null }[];
  status: (sourceId: string) => SourceStatus | undefined;
  callsToday: (sourceId: string) => number;
  openIncidents: readonly Incident[];
  severityOf?: (incident: Incident) => Severity;
}

export interface Aggregator {
  record(sourceId: string, reading: LiveReading): void;
  forget(sourceId: string): void;
  latest(sourceId: string): LiveReading | undefined;
  snapshot(inputs: AggregatorInputs): Snapshot;
}

export function createAggregator(): Aggregator {
  const readings = new Map<string, LiveReading>();
  return {
    record(sourceId, reading) {
      readings.set(sourceId, reading);
    },
    forget(sourceId) {
      readings.delete(sourceId);
    },
    latest: (sourceId) => readings.get(sourceId),
    snapshot(inputs) {
      const sources = inputs.sources.map((source) =>
        sourceSnapshot(source, readings.get(source.config.id), inputs),
      );
      // Totals only from sources with fresh data: a stale figure is shown per source, not summed as current.
      const fresh = sources.filter((s) => s.lastSuccessAt !== null && !s.stale);
      const base = {
        at: inputs.at,
        paused: inputs.paused,
        sources,
        total: {
          viewers: sumKnown(fresh.map((s) => s.viewers)),
          bandwidthBps: sumKnown(fresh.map((s) => s.bandwidthBps)),
        },
        openIncidents: [...inputs.openIncidents],
      };
      // The glance counts every open incident; the list itself is bounded.
      const glance = glanceOf(base, inputs.severityOf);
      const severityOf = inputs.severityOf ?? defaultIncidentSeverity;
      return {
        ...base,
        openIncidents: boundOpenIncidents(inputs.openIncidents, severityOf),
        openIncidentsTotal: inputs.openIncidents.length,
        glance,
      };
    },
  };
}

function sourceSnapshot(
  { config, intervalMs, callBudget }: AggregatorInputs['sources'][number],
  reading: LiveReading | undefined,
  inputs: AggregatorInputs,
): SourceSnapshot {
  const status = inputs.status(config.id);
  const lastSuccessAt = status?.lastSuccessAt ?? null;
  const staleMs = lastSuccessAt === null ? null : Math.max(0, inputs.at - lastSuccessAt);
  return {
    id: config.id,
    name: config.name ?? config.id,
    provider: config.provider,
    state: status?.state ?? 'stopped',
    viewers: reading?.viewers ?? null,
    bandwidthBps: reading?.bandwidthBps ?? null,
    streams: reading?.streams ?? [],
    lastSuccessAt,
    lastError: status?.lastError ?? null,
    lastErrorAt: status?.lastErrorAt ?? null,
    staleMs,
    // Never polled successfully counts as stale once an error is known: there is nothing current to show.
    stale:
      staleMs === null
        ? status?.lastError !== null && status?.lastError !== undefined
        : staleMs > 2 * intervalMs,
    callsToday: inputs.callsToday(config.id),
    ...(callBudget ? { callBudget } : {}),
  };
}
