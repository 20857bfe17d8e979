import type { AlertSubject } from '../../../shared/alerts.ts';
import type { MuteEntry, MuteTarget } from '../../../shared/notices.ts';

// Mutes silence notices, never the record: incidents still open and close underneath. Expired mutes are
// dropped when next looked at, so no timer is needed.

function keyOf(target: MuteTarget): string {
  return target.kind === 'source'
    ? `source\u0000${target.sourceId}`
    : `${target.kind}\u0000${target.sourceId}\u0000${target.name}`;
}

export interface MuteList {
  mute(target: MuteTarget, untilMs: number | null): void;
  unmute(target: MuteTarget): boolean;
  isMuted(sourceId: string, subject: AlertSubject): boolean;
  list(): MuteEntry[];
}

export function createMuteList(now: () => number): MuteList {
  const entries = new Map<string, MuteEntry>();

  function active(key: string): boolean {
    const entry = entries.get(key);
    if (!entry) return false;
    if (entry.untilMs !== null && entry.untilMs <= now()) {
      entries.delete(key);
      return false;
    }
    return true;
  }

  return {
    mute(target, untilMs) {
      entries.set(keyOf(target), { target: { ...target }, untilMs });
    },
    unmute: (target) => entries.delete(keyOf(target)),
    isMuted(sourceId, subject) {
      // Asked for every event of a storm, and most of the time nothing is muted.
      if (entries.size === 0) return false;
      if (active(keyOf({ kind: 'source', sourceId }))) return true;
      // A `source` subject is the source itself: only a source mute covers it.
      if (subject.kind === 'source') return false;
      return active(keyOf({ kind: subject.kind, sourceId, name: subject.name }));
    },
    list() {
      return [...entries.keys()].filter(active).flatMap((key) => {
        const entry = entries.get(key);
        return entry ? [{ target: { ...entry.target }, untilMs: entry.untilMs }] : [];
      });
    },
  };
}
