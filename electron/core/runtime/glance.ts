import type { Incident } from '../../../shared/alerts.ts';
import type { Glance, GlanceState, Snapshot } from '../../../shared/bridge.ts';
import type { Severity } from '../../../shared/notices.ts';

// The tray's one look: totals and the worst state. Pure, so the shell and the dashboard agree.

/** Without better knowledge: servers and sources take many streams down (critical), a stream is a warning. */
export const defaultIncidentSeverity = (incident: Incident): Severity =>
  incident.subject.kind === 'stream' ? 'warning' : 'critical';

export function glanceOf(
  snapshot: Omit<Snapshot, 'glance'>,
  severityOf: (incident: Incident) => Severity = defaultIncidentSeverity,
): Glance {
  return {
    viewers: snapshot.total.viewers,
    bandwidthBps: snapshot.total.bandwidthBps,
    state: worstState(snapshot, severityOf),
    openIncidents: snapshot.openIncidents.length,
  };
}

function worstState(
  snapshot: Omit<Snapshot, 'glance'>,
  severityOf: (incident: Incident) => Severity,
): GlanceState {
  const { sources, openIncidents, storage } = snapshot;
  // An alert log that cannot store refuses every delivery: as bad as a server down. History that cannot
  // store only loses chart points.
  if (!storage.ok && storage.store === 'alert-log') return 'critical';
  if (openIncidents.some((incident) => severityOf(incident) === 'critical')) return 'critical';
  if (!storage.ok) return 'warning';
  if (openIncidents.length > 0 || sources.some((s) => s.state === 'held' || s.state === 'backoff'))
    return 'warning';
  if (sources.some((s) => s.stale)) return 'stale';
  if (snapshot.paused || (sources.length > 0 && sources.every((s) => s.state === 'paused'))) return 'paused';
  return sources.length === 0 ? 'idle' : 'ok';
}
