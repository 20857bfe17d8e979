import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/alerts.ts';
import {
  downtimeOf,
  groupBySubject,
  knownReason,
  mergeIncidents,
  muteTargetOf,
  sameTarget,
  totalDowntime,
} from '../../../../renderer/logic/incidents.ts';

function incident(id: number, openedAt: number, closedAt: number | null, kind: 'stream' | 'source' = 'stream'): Incident {
  return {
    id,
    sourceId: 'wms',
    subject: { kind, name: kind === 'source' ? 'wms' : `cam${id}` },
    openedAt,
    closedAt,
    downtimeMs: closedAt === null ? null : closedAt - openedAt,
    checkpoints: [],
    acknowledgedAt: null,
    eventIds: [id],
  };
}

describe('incident helpers', () => {
  it('mutes exactly the subject, or the whole source for source incidents', () => {
    expect(muteTargetOf(incident(1, 0, null))).toEqual({ kind: 'stream', sourceId: 'wms', name: 'cam1' });
    expect(muteTargetOf(incident(2, 0, null, 'source'))).toEqual({ kind: 'source', sourceId: 'wms' });
    expect(sameTarget({ kind: 'source', sourceId: 'wms' }, { kind: 'source', sourceId: 'wms' })).toBe(true);
    expect(
      sameTarget({ kind: 'stream', sourceId: 'wms', name: 'a' }, { kind: 'server', sourceId: 'wms', name: 'a' }),
    ).toBe(false);
  });

  it('lists open incidents first, newest first, without duplicates, keeping the copy that knows more', () => {
    const stale = incident(3, 300, null);
    const live = { ...stale, acknowledgedAt: 400 };
    const merged = mergeIncidents([live, incident(4, 100, null)], [stale, incident(1, 0, 50), incident(2, 0, 500)]);
    expect(merged.map((one) => one.id)).toEqual([3, 4, 2, 1]);
    expect(merged[0]?.acknowledgedAt).toBe(400);
    // The query saw the acknowledgement before the next snapshot did.
    expect(mergeIncidents([stale], [live])[0]?.acknowledgedAt).toBe(400);
    // A closed copy wins over an open one whichever list it came from.
    const closed = { ...stale, closedAt: 900, downtimeMs: 600 };
    expect(mergeIncidents([live], [closed]).map((one) => one.closedAt)).toEqual([900]);
  });

  it('counts downtime to now while open', () => {
    expect(downtimeOf(incident(1, 1_000, null), 61_000)).toBe(60_000);
    expect(downtimeOf(incident(1, 1_000, 3_000), 61_000)).toBe(2_000);
  });
});

describe('the recent incidents list', () => {
  it('gathers a flapping subject into one row where its latest incident falls', () => {
    const list = [incident(5, 900, 950), incident(4, 800, 850), incident(3, 700, 750), incident(2, 600, 650)];
    list[2] = { ...list[2]!, subject: { kind: 'stream', name: 'cam5' } };
    list[3] = { ...list[3]!, subject: { kind: 'stream', name: 'cam5' } };
    const groups = groupBySubject(list);
    expect(groups.map((group) => [group.latest.id, group.incidents.map((one) => one.id)])).toEqual([
      [5, [5, 3, 2]],
      [4, [4]],
    ]);
    expect(totalDowntime(groups[0]!)).toBe(150);
  });

  it('keeps the same name on two sources apart', () => {
    const other = { ...incident(6, 0, 10), sourceId: 'pili' };
    expect(groupBySubject([incident(6, 0, 10), other])).toHaveLength(2);
  });

  it('puts only the reasons it knows into words', () => {
    expect(knownReason('bandwidth-cap')).toBe('bandwidth-cap');
    expect(knownReason('cosmic-rays')).toBeNull();
    expect(knownReason(undefined)).toBeNull();
  });
});
