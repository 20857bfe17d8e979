import type { AlertEvent, Incident } from '../../../../shared/alerts.ts';
import type { DerivedEvent } from './derived-event.ts';

// WMSPanel tells of a server going offline (after 20 minutes without sync-ups) but never of its return,
// and its pull API says nothing about servers. The engine keeps such an incident open until someone closes
// it. We close it only on evidence: a Dispersa "online" for a stream served from that host, since a
// server carrying a stream again is back. Without such evidence it stays open for the operator to close;
// a guess from the pull API being healthy would tell them a server is back when nobody knows.

function hostOf(streamName: string): string | null {
  try {
    return new URL(streamName).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

export function detectServerRecovery(
  openServers: readonly Pick<Incident, 'sourceId' | 'subject'>[],
  webhookEvents: readonly AlertEvent[],
): DerivedEvent[] {
  const events: DerivedEvent[] = [];
  const closed = new Set<string>();
  for (const event of webhookEvents) {
    if (event.subject.kind !== 'stream' || event.status !== 'online') continue;
    const host = hostOf(event.subject.name);
    if (host === null) continue;
    for (const incident of openServers) {
      const key = `${incident.sourceId}\u0000${incident.subject.name}`;
      if (
        incident.sourceId !== event.sourceId ||
        incident.subject.name.toLowerCase() !== host ||
        closed.has(key)
      )
        continue;
      closed.add(key);
      events.push({
        sourceId: incident.sourceId,
        subject: incident.subject,
        status: 'online',
        occurredAt: event.occurredAt,
        reason: 'stream-online',
        viewers: null,
      });
    }
  }
  return events;
}
