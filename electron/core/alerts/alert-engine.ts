import { subjectKey, type AlertEvent, type AlertSubject } from '../../../shared/alerts.ts';
import type { MuteEntry, MuteTarget, Notice, Notifier, Severity } from '../../../shared/notices.ts';
import { parseAlertPolicy, type AlertPolicy, type AlertPolicyInput } from '../../../shared/alert-policy.ts';
import type { Clock } from '../clock.ts';
import { createFlapTracker } from './flap-tracker.ts';
import type { Incident, IncidentStore } from './incident-store.ts';
import { createMuteList } from './mute-list.ts';
import { createNoticeOutbox } from './notice-outbox.ts';
import { severityOf } from './severity.ts';
import { createStormCoalescer } from './storm-coalescer.ts';

// The one consumer of alert events, webhook and derived alike (docs/alerts.md). It keeps incidents
// in the store and decides what reaches the notifier: one notice per state change, storms coalesced,
// flapping damped, mutes, acknowledgements and quiet hours respected. Incidents are always recorded;
// only notices are ever held back. Windows run on the injected clock (when Streamtray learned of a
// change); incident times are the provider's (`occurredAt`).

export interface AlertEngineOptions {
  store: IncidentStore;
  notifier: Notifier;
  /** Hears the notices quiet hours keep from the notifier (contact points may ignore quiet hours). */
  onHeld?: (notice: Notice) => void;
  clock: Clock;
  /** Partial policy; missing knobs take their defaults. Invalid values throw, naming the field. */
  policy?: AlertPolicyInput;
  /** A notifier that throws does not stop the engine; this hears about it (default: console.error). */
  onNotifierError?: (error: unknown, notice: Notice) => void;
}

/** What a batch of events did to incidents: opened ones as they opened, closed ones as they closed. */
export interface IncidentChanges {
  opened: Incident[];
  closed: Incident[];
}

export interface AlertEngine {
  readonly policy: AlertPolicy;
  /** Applies a changed `alerts` section at once: thresholds, severity, quiet hours. Throws naming the field. */
  setPolicy(input: AlertPolicyInput): void;
  ingest(event: AlertEvent): IncidentChanges;
  ingestMany(events: Iterable<AlertEvent>): IncidentChanges;
  /** Silences notices for a source, server or stream until `untilMs` (UTC epoch ms) or until unmuted. */
  mute(target: MuteTarget, untilMs: number | null): void;
  unmute(target: MuteTarget): boolean;
  mutes(): MuteEntry[];
  /** No further notices for the incident until it closes. */
  acknowledge(incidentId: number): Incident | undefined;
  /** Closes an incident by hand (servers send no "online"), notifying the recovery like any other. */
  closeIncident(incidentId: number): Incident | undefined;
  openIncidents(): Incident[];
  isFlapping(sourceId: string, subject: AlertSubject): boolean;
  dispose(): void;
}

export function createAlertEngine(options: AlertEngineOptions): AlertEngine {
  const { store, clock } = options;
  let policy = parseAlertPolicy(options.policy ?? {});
  const onError =
    options.onNotifierError ??
    ((error: unknown, notice: Notice) => {
      console.error(
        `alert notifier failed on a ${notice.message.kind} notice: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  // What the engine adds to an open incident lives in sparse sets, not in a record per incident: a storm
  // opens tens of thousands, and each object kept alive is copied by every young-generation GC until it
  // is promoted. Everything else about an incident is read from the store.
  /** Never announced: muted when it opened, or flapping. */
  const silent = new Set<number>();
  /** Severity, where the event's audience made it differ from the subject's own. */
  const severityById = new Map<number, Severity>();
  const flappingSubjects = new Map<string, { sourceId: string; subject: AlertSubject }>();
  const mutes = createMuteList(() => clock.now());
  let disposed = false;

  function severityFor(incident: Incident): Severity {
    return (
      severityById.get(incident.id) ?? severityOf(incident.subject, null, policy.severity.criticalViewers)
    );
  }

  const stormLimits = stormLimitsOf(policy);
  const flapLimits = flapLimitsOf(policy);

  const outbox = createNoticeOutbox({
    notifier: options.notifier,
    ...(options.onHeld ? { onHeld: options.onHeld } : {}),
    clock,
    quietHours: policy.quietHours,
    sampleSize: policy.storm.sampleSize,
    onError,
    lookup(id) {
      const incident = store.get(id);
      if (!incident) return undefined;
      return {
        sourceId: incident.sourceId,
        name: incident.subject.name,
        open: incident.closedAt === null,
        severity: severityFor(incident),
      };
    },
  });

  function silenced(id: number): boolean {
    const incident = store.get(id);
    return (
      !incident ||
      silent.has(id) ||
      incident.acknowledgedAt !== null ||
      mutes.isMuted(incident.sourceId, incident.subject)
    );
  }

  const storms = createStormCoalescer({
    clock,
    send: (notice) => outbox.send(notice),
    silenced,
    describe(id) {
      const incident = store.get(id);
      return incident && { subject: incident.subject, severity: severityFor(incident) };
    },
    // Read at each use, so a changed policy applies to storms already under way.
    limits: stormLimits,
  });

  const flaps = createFlapTracker(clock, flapLimits, onSettled);

  function sendFlapping(key: string, sourceId: string, subject: AlertSubject, incidentId: number): void {
    flappingSubjects.set(key, { sourceId, subject });
    if (mutes.isMuted(sourceId, subject)) return;
    outbox.send({
      message: {
        kind: 'flapping',
        sourceId,
        subject,
        toggles: flaps.recentToggles(key),
        windowMs: flapLimits.windowMs,
      },
      severity: severityOf(subject, null, policy.severity.criticalViewers),
      incidentIds: [incidentId],
      coalesced: true,
      at: clock.now(),
    });
  }

  function onSettled(key: string): void {
    const subjectInfo = flappingSubjects.get(key);
    flappingSubjects.delete(key);
    if (!subjectInfo) return;
    const { sourceId, subject } = subjectInfo;
    const open = store.findOpen(sourceId, subject);
    if (mutes.isMuted(sourceId, subject) || (open && open.acknowledgedAt !== null)) return;
    if (open) {
      // Still down once it settles: from here on it is an ordinary announced incident.
      silent.delete(open.id);
      storms.adopt(open.id);
    }
    outbox.send({
      message: {
        kind: 'flapping-ended',
        sourceId,
        subject,
        status: open ? 'offline' : 'online',
        stableMs: flapLimits.stableMs,
      },
      severity: open ? severityFor(open) : 'info',
      incidentIds: open ? [open.id] : [],
      coalesced: false,
      at: clock.now(),
    });
  }

  function opened(event: AlertEvent, changes: IncidentChanges): void {
    const existing = store.findOpen(event.sourceId, event.subject);
    if (existing) {
      // A repeated offline belongs to the incident already open: recorded, not announced again.
      store.attach(existing.id, { eventId: event.id, checkpoints: event.checkpoints });
      return;
    }
    const incident = store.open({
      sourceId: event.sourceId,
      subject: event.subject,
      openedAt: event.occurredAt,
      checkpoints: event.checkpoints,
      eventId: event.id,
    });
    changes.opened.push(incident);
    const key = subjectKey(event.sourceId, event.subject);
    const severity = severityOf(event.subject, event.viewers, policy.severity.criticalViewers);
    const toggle = flaps.toggle(key);
    if (severity !== severityOf(event.subject, null, policy.severity.criticalViewers))
      severityById.set(incident.id, severity);
    const unannounced = toggle !== 'steady' || mutes.isMuted(event.sourceId, event.subject);
    if (unannounced) silent.add(incident.id);
    if (toggle === 'started') sendFlapping(key, event.sourceId, event.subject, incident.id);
    if (unannounced) return;
    storms.hold({ incident, severity, viewers: event.viewers ?? null, reason: event.reason ?? null });
  }

  function closed(incident: Incident): void {
    const key = subjectKey(incident.sourceId, incident.subject);
    // Announce a still-held "offline" first, so the operator never reads "back" before "down".
    storms.flushHeldFor(incident.id);
    const toggle = flaps.toggle(key);
    const wasSilent = silent.delete(incident.id);
    severityById.delete(incident.id);
    if (toggle === 'started') sendFlapping(key, incident.sourceId, incident.subject, incident.id);
    if (toggle !== 'steady' || wasSilent || mutes.isMuted(incident.sourceId, incident.subject)) {
      storms.forget(incident.id);
      return;
    }
    storms.closed(incident);
  }

  function ingestOne(event: AlertEvent, changes: IncidentChanges): void {
    if (event.status === 'offline') {
      opened(event, changes);
      return;
    }
    const open = store.findOpen(event.sourceId, event.subject);
    // An "online" with nothing open (say, Streamtray started after the outage began) changes nothing.
    if (!open) return;
    const done = store.close(open.id, {
      closedAt: Math.max(event.occurredAt, open.openedAt),
      eventId: event.id,
    });
    changes.closed.push(done);
    closed(done);
  }

  function assertLive(): void {
    if (disposed) throw new Error('alert engine is disposed');
  }

  const engine: AlertEngine = {
    get policy() {
      return policy;
    },
    setPolicy(input) {
      policy = parseAlertPolicy(input);
      Object.assign(stormLimits, stormLimitsOf(policy));
      Object.assign(flapLimits, flapLimitsOf(policy));
      outbox.setQuietHours(policy.quietHours);
    },
    ingest(event) {
      return engine.ingestMany([event]);
    },
    ingestMany(events) {
      assertLive();
      const changes: IncidentChanges = { opened: [], closed: [] };
      store.batch(() => {
        for (const event of events) ingestOne(event, changes);
      });
      return changes;
    },
    mute(target, untilMs) {
      mutes.mute(target, untilMs);
    },
    unmute: (target) => mutes.unmute(target),
    mutes: () => mutes.list(),
    acknowledge: (incidentId) => store.acknowledge(incidentId, clock.now()),
    closeIncident(incidentId) {
      assertLive();
      const incident = store.get(incidentId);
      if (!incident || incident.closedAt !== null) return incident;
      const done = store.close(incidentId, { closedAt: Math.max(clock.now(), incident.openedAt) });
      closed(done);
      return done;
    },
    openIncidents: () => store.list({ open: true }),
    isFlapping: (sourceId, subject) => flaps.isFlapping(subjectKey(sourceId, subject)),
    dispose() {
      disposed = true;
      storms.dispose();
      flaps.dispose();
      outbox.dispose();
    },
  };
  return engine;
}

function stormLimitsOf(policy: AlertPolicy) {
  return {
    holdMs: policy.holdSeconds * 1000,
    moreThan: policy.storm.moreThan,
    windowMs: policy.storm.windowSeconds * 1000,
    updateEveryMs: policy.storm.updateEverySeconds * 1000,
    sampleSize: policy.storm.sampleSize,
  };
}

function flapLimitsOf(policy: AlertPolicy) {
  return {
    moreThan: policy.flapping.moreThan,
    windowMs: policy.flapping.windowMinutes * 60_000,
    stableMs: policy.flapping.stableMinutes * 60_000,
  };
}
