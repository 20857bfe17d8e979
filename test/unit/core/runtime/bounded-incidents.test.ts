import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/alerts.ts';
import { MAX_SNAPSHOT_INCIDENTS, snapshotSchema } from '../../../../shared/bridge.ts';
import type { SourceConfig } from '../../../../shared/config.ts';
import { createAggregator } from '../../../../electron/core/runtime/aggregator.ts';

// 31,000 open incidents made every snapshot 4 MB; it now carries the ones that matter most and a count.

const pili: SourceConfig = { id: 'pili', provider: 'qiniu', accessKey: 'ak', hub: 'h' };

const incident = (id: number, kind: 'stream' | 'server', openedAt: number): Incident => ({
  id,
  sourceId: 'pili',
  subject: { kind, name: `s${id}` },
  openedAt,
  closedAt: null,
  downtimeMs: null,
  checkpoints: [],
  acknowledgedAt: null,
  eventIds: [id],
});

function snapshotWith(open: Incident[]) {
  return createAggregator().snapshot({
    at: 2_000_000,
    paused: false,
    sources: [{ config: pili, intervalMs: 60_000 }],
    status: () => undefined,
    callsToday: () => 0,
    openIncidents: open,
  });
}

describe('open incidents in the snapshot', () => {
  it('carries at most the bounded number, with the total and the glance counting all of them', () => {
    const open = Array.from({ length: 31_000 }, (_, i) => incident(i + 1, 'stream', 1_000 + i));
    const snap = snapshotWith(open);
    expect(snap.openIncidents).toHaveLength(MAX_SNAPSHOT_INCIDENTS);
    expect(snap.openIncidentsTotal).toBe(31_000);
    expect(snap.glance.openIncidents).toBe(31_000);
    expect(JSON.stringify(snap).length).toBeLessThan(100_000);
    expect(snapshotSchema.safeParse(snap).success).toBe(true);
  });

  it('lists the most severe first, then the newest', () => {
    const open = [
      incident(1, 'stream', 100),
      incident(2, 'server', 50),
      incident(3, 'stream', 300),
      incident(4, 'server', 200),
    ];
    expect(snapshotWith(open).openIncidents.map((i) => i.id)).toEqual([4, 2, 3, 1]);
  });

  it('keeps a critical incident in the list however many warnings are newer', () => {
    const warnings = Array.from({ length: 500 }, (_, i) => incident(i + 10, 'stream', 10_000 + i));
    const snap = snapshotWith([incident(1, 'server', 1), ...warnings]);
    expect(snap.openIncidents[0]?.id).toBe(1);
    expect(snap.glance.state).toBe('critical');
  });
});
