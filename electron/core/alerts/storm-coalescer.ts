import type { AlertSubject } from '../../../shared/alerts.ts';
import type { Notice, Severity, SubjectKinds } from '../../../shared/notices.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import type { Incident } from './incident-store.ts';
import { maxSeverity } from './severity.ts';

// Decides whether an incident is announced on its own or as part of a storm.
//
// Every new incident's notice waits `holdMs` with the others of its source. When the hold ends, if more
// than `moreThan` incidents opened on that source within the window (those in hand plus any announced
// individually moments before), one storm summary goes out instead. While the storm keeps gathering,
// further incidents join it silently and one update reports the growth when it settles (or every
// `updateEveryMs` while it does not). Recoveries of storm members are gathered the same way into one
// summary. So a burst of any size costs at most: opened, grew, resolved.

export interface OpenedIncident {
  incident: Incident;
  severity: Severity;
  viewers: number | null;
  reason: string | null;
}

export interface StormLimits {
  holdMs: number;
  moreThan: number;
  windowMs: number;
  updateEveryMs: number;
  sampleSize: number;
}

interface Member {
  subject: AlertSubject;
  severity: Severity;
}

/** A member with its id, as a notice names and weighs it. */
interface DescribedMember extends Member {
  id: number;
}

interface Storm {
  sourceId: string;
  /** Its members still open. Ids only: a storm can hold tens of thousands (see `describe`). */
  open: Set<number>;
  /** Joined since the last notice. */
  added: number[];
  lastJoinAt: number;
  lastAnnouncedAt: number;
  gatherTimer: TimerHandle | undefined;
  recovered: Incident[];
  firstRecoveryAt: number;
  lastRecoveryAt: number;
  recoveryTimer: TimerHandle | undefined;
}

interface Batch {
  held: Map<number, OpenedIncident>;
  timer: TimerHandle;
}

export interface StormCoalescer {
  /** A new incident the operator should hear about. */
  hold(opened: OpenedIncident): void;
  /** If the incident's notice is still held, decides its source's batch now (so "opened" precedes "back"). */
  flushHeldFor(id: number): void;
  /** An announced incident closed: a recovery notice now, or one in the storm's recovery summary. */
  closed(incident: Incident): void;
  /** Never speak of this incident again (muted, acknowledged while held, flapping). */
  forget(id: number): void;
  /** Treat an open incident as announced on its own (flapping ended while it was down). */
  adopt(id: number): void;
  dispose(): void;
}

function kindsOf(subjects: Iterable<AlertSubject>): SubjectKinds {
  let kinds: SubjectKinds | undefined;
  for (const subject of subjects) {
    if (kinds === undefined) kinds = subject.kind;
    else if (kinds !== subject.kind) return 'mixed';
  }
  return kinds ?? 'stream';
}

export function createStormCoalescer(options: {
  clock: Clock;
  limits: StormLimits;
  send: (notice: Notice) => void;
  /** Muted or acknowledged by now. */
  silenced: (id: number) => boolean;
  /** An open incident's subject and severity, for the notices that name or weigh a storm's members. */
  describe: (id: number) => Member | undefined;
}): StormCoalescer {
  const { clock, limits, send } = options;
  const batches = new Map<string, Batch>();
  const heldIn = new Map<number, string>();
  const individual = new Set<number>();
  /** Incidents announced on their own, per source, for counting towards a storm. */
  const recent = new Map<string, { at: number; member: DescribedMember }[]>();
  const gathering = new Map<string, Storm>();
  const storms = new Set<Storm>();

  /** The storm an open incident belongs to. Storms are few (one per source at most gathering), so they
   *  are asked in turn rather than kept in an index costing an entry per member. */
  function stormOf(id: number): Storm | undefined {
    for (const storm of storms) if (storm.open.has(id)) return storm;
    return undefined;
  }

  /** The members still known to the store, with what the notices need of them. */
  function described(ids: Iterable<number>): DescribedMember[] {
    const out: DescribedMember[] = [];
    for (const id of ids) {
      const member = options.describe(id);
      if (member) out.push({ id, ...member });
    }
    return out;
  }

  /** The subjects of a storm still down: looked up as a notice needs them, not kept per member. */
  function* openSubjects(storm: Storm): Generator<AlertSubject> {
    for (const id of storm.open) {
      const member = options.describe(id);
      if (member) yield member.subject;
    }
  }

  function notice(
    message: Notice['message'],
    severity: Severity,
    incidentIds: number[],
    coalesced: boolean,
  ): void {
    send({ message, severity, incidentIds, coalesced, at: clock.now() });
  }

  function announceOpened(opened: OpenedIncident): void {
    const { incident } = opened;
    individual.add(incident.id);
    const list = recent.get(incident.sourceId) ?? [];
    list.push({
      at: clock.now(),
      member: { id: incident.id, subject: incident.subject, severity: opened.severity },
    });
    recent.set(incident.sourceId, list);
    notice(
      {
        kind: 'incident-opened',
        sourceId: incident.sourceId,
        subject: incident.subject,
        viewers: opened.viewers,
        checkpoints: incident.checkpoints,
        reason: opened.reason,
      },
      opened.severity,
      [incident.id],
      false,
    );
  }

  function recentIndividuals(sourceId: string): DescribedMember[] {
    const from = clock.now() - limits.windowMs;
    const list = (recent.get(sourceId) ?? []).filter(
      (entry) => entry.at > from && individual.has(entry.member.id),
    );
    if (list.length === 0) recent.delete(sourceId);
    else recent.set(sourceId, list);
    return list.map((entry) => entry.member);
  }

  function flush(sourceId: string): void {
    const batch = batches.get(sourceId);
    if (!batch) return;
    batches.delete(sourceId);
    clock.clearTimeout(batch.timer);
    const held = [...batch.held.values()].filter((opened) => {
      heldIn.delete(opened.incident.id);
      return !options.silenced(opened.incident.id);
    });
    if (held.length === 0) return;
    const earlier = recentIndividuals(sourceId);
    if (earlier.length + held.length <= limits.moreThan) {
      for (const opened of held) announceOpened(opened);
      return;
    }
    const now = clock.now();
    const storm: Storm = {
      sourceId,
      open: new Set(),
      added: [],
      lastJoinAt: now,
      lastAnnouncedAt: now,
      gatherTimer: undefined,
      recovered: [],
      firstRecoveryAt: 0,
      lastRecoveryAt: 0,
      recoveryTimer: undefined,
    };
    storms.add(storm);
    recent.delete(sourceId);
    const members = [
      ...earlier,
      ...held.map(({ incident, severity }) => ({ id: incident.id, subject: incident.subject, severity })),
    ];
    for (const member of members) {
      individual.delete(member.id);
      storm.open.add(member.id);
    }
    gathering.set(sourceId, storm);
    armGather(storm);
    notice(
      {
        kind: 'storm-opened',
        sourceId,
        subjectKinds: kindsOf(members.map((member) => member.subject)),
        count: members.length,
        sample: members.slice(0, limits.sampleSize).map((member) => member.subject.name),
      },
      maxSeverity(members.map((member) => member.severity)),
      members.map((member) => member.id),
      true,
    );
  }

  function armGather(storm: Storm): void {
    const settleAt = storm.lastJoinAt + limits.windowMs;
    const updateAt = storm.added.length > 0 ? storm.lastAnnouncedAt + limits.updateEveryMs : Infinity;
    // Joins only move the due time later, so the timer is re-armed when it fires rather than on every join.
    storm.gatherTimer = clock.setTimeout(
      () => onGatherTimer(storm),
      Math.min(settleAt, updateAt) - clock.now(),
    );
  }

  function onGatherTimer(storm: Storm): void {
    storm.gatherTimer = undefined;
    const now = clock.now();
    const settled = now >= storm.lastJoinAt + limits.windowMs;
    if (settled || now >= storm.lastAnnouncedAt + limits.updateEveryMs) announceGrowth(storm);
    if (settled) {
      gathering.delete(storm.sourceId);
      retireIfDone(storm);
    } else armGather(storm);
  }

  function announceGrowth(storm: Storm): void {
    const added = described(storm.added.filter((id) => storm.open.has(id) && !options.silenced(id)));
    storm.added = [];
    if (added.length === 0) return;
    storm.lastAnnouncedAt = clock.now();
    notice(
      {
        kind: 'storm-grew',
        sourceId: storm.sourceId,
        subjectKinds: kindsOf(openSubjects(storm)),
        count: storm.open.size,
        added: added.length,
        sample: added.slice(0, limits.sampleSize).map((member) => member.subject.name),
      },
      maxSeverity(added.map((member) => member.severity)),
      added.map((member) => member.id),
      true,
    );
  }

  function armRecovery(storm: Storm): void {
    if (storm.recoveryTimer) return;
    const due = Math.min(storm.lastRecoveryAt + limits.holdMs, storm.firstRecoveryAt + limits.windowMs);
    storm.recoveryTimer = clock.setTimeout(() => {
      storm.recoveryTimer = undefined;
      const now = clock.now();
      if (now < storm.lastRecoveryAt + limits.holdMs && now < storm.firstRecoveryAt + limits.windowMs)
        armRecovery(storm);
      else announceRecovery(storm);
    }, due - clock.now());
  }

  function announceRecovery(storm: Storm): void {
    const recovered = storm.recovered;
    storm.recovered = [];
    const [only] = recovered;
    if (recovered.length === 1 && only) {
      announceResolved(only);
    } else if (recovered.length > 1) {
      notice(
        {
          kind: 'storm-resolved',
          sourceId: storm.sourceId,
          subjectKinds: kindsOf(recovered.map((incident) => incident.subject)),
          count: recovered.length,
          stillDown: storm.open.size,
          longestDowntimeMs: Math.max(...recovered.map((incident) => incident.downtimeMs ?? 0)),
          sample: recovered.slice(0, limits.sampleSize).map((incident) => incident.subject.name),
        },
        'info',
        recovered.map((incident) => incident.id),
        true,
      );
    }
    retireIfDone(storm);
  }

  function retireIfDone(storm: Storm): void {
    if (storm.open.size > 0 || storm.recovered.length > 0 || gathering.get(storm.sourceId) === storm) return;
    if (storm.gatherTimer) clock.clearTimeout(storm.gatherTimer);
    storms.delete(storm);
  }

  function announceResolved(incident: Incident): void {
    notice(
      {
        kind: 'incident-resolved',
        sourceId: incident.sourceId,
        subject: incident.subject,
        downtimeMs: incident.downtimeMs ?? 0,
      },
      'info',
      [incident.id],
      false,
    );
  }

  return {
    hold(opened) {
      const { incident } = opened;
      const storm = gathering.get(incident.sourceId);
      if (storm) {
        storm.open.add(incident.id);
        storm.added.push(incident.id);
        storm.lastJoinAt = clock.now();
        if (!storm.gatherTimer) armGather(storm);
        return;
      }
      let batch = batches.get(incident.sourceId);
      if (!batch) {
        batch = { held: new Map(), timer: clock.setTimeout(() => flush(incident.sourceId), limits.holdMs) };
        batches.set(incident.sourceId, batch);
      }
      batch.held.set(incident.id, opened);
      heldIn.set(incident.id, incident.sourceId);
    },
    flushHeldFor(id) {
      const sourceId = heldIn.get(id);
      if (sourceId !== undefined) flush(sourceId);
    },
    closed(incident) {
      if (individual.delete(incident.id)) {
        announceResolved(incident);
        return;
      }
      const storm = stormOf(incident.id);
      if (!storm) return;
      storm.open.delete(incident.id);
      const now = clock.now();
      if (storm.recovered.length === 0) storm.firstRecoveryAt = now;
      storm.lastRecoveryAt = now;
      storm.recovered.push(incident);
      armRecovery(storm);
    },
    forget(id) {
      const sourceId = heldIn.get(id);
      if (sourceId !== undefined) {
        heldIn.delete(id);
        batches.get(sourceId)?.held.delete(id);
      }
      individual.delete(id);
      const storm = stormOf(id);
      if (storm) {
        storm.open.delete(id);
        retireIfDone(storm);
      }
    },
    adopt(id) {
      individual.add(id);
    },
    dispose() {
      for (const batch of batches.values()) clock.clearTimeout(batch.timer);
      for (const storm of storms) {
        if (storm.gatherTimer) clock.clearTimeout(storm.gatherTimer);
        if (storm.recoveryTimer) clock.clearTimeout(storm.recoveryTimer);
      }
      batches.clear();
      heldIn.clear();
      storms.clear();
      gathering.clear();
      individual.clear();
      recent.clear();
    },
  };
}
