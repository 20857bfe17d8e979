import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/alerts.ts';
import { decodeCursor, pageIncidents } from '../../../../electron/core/bridge/incident-page.ts';

function incident(id: number, openedAt: number, closedAt: number | null): Incident {
  return {
    id,
    sourceId: 'pili',
    subject: { kind: 'stream', name: `s${id}` },
    openedAt,
    closedAt,
    downtimeMs: closedAt === null ? null : closedAt - openedAt,
    checkpoints: [],
    acknowledgedAt: null,
    eventIds: [id],
  };
}

const ALL = [
  incident(1, 1_000, 9_000),
  incident(2, 2_000, null),
  incident(3, 3_000, 4_000),
  incident(4, 4_000, null),
  incident(5, 5_000, 6_000),
];

describe('the incidents list in pages', () => {
  it('shows open incidents first, newest first, then closed ones by when they closed', () => {
    const page = pageIncidents(ALL, {});
    expect(page.incidents.map((one) => one.id)).toEqual([4, 2, 1, 5, 3]);
    expect(page.nextCursor).toBeNull();
    expect(page.counts).toEqual({ open: 2, closed: 3 });
  });

  it('walks every incident exactly once page by page and says where the list ends', () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = pageIncidents(ALL, { limit: 2, ...(cursor !== undefined ? { cursor } : {}) });
      seen.push(...page.incidents.map((one) => one.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([4, 2, 1, 5, 3]);
  });

  it('neither repeats nor skips a row when an incident closes between two pages', () => {
    const first = pageIncidents(ALL, { limit: 2 });
    expect(first.incidents.map((one) => one.id)).toEqual([4, 2]);
    const later = ALL.map((one) => (one.id === 4 ? { ...one, closedAt: 10_000, downtimeMs: 6_000 } : one));
    const second = pageIncidents(later, { limit: 10, cursor: first.nextCursor ?? '' });
    expect(second.incidents.map((one) => one.id)).toEqual([4, 1, 5, 3]);
  });

  it('refuses a cursor it never gave out, saying so', () => {
    expect(() => decodeCursor('page=2')).toThrow(/cursor "page=2" is not one this server gave out/);
  });
});
