import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/alerts.ts';
import type { SourceConfig } from '../../../../shared/config.ts';
import type { SourceStatus } from '../../../../electron/core/poller/poller.ts';
import { createAggregator } from '../../../../electron/core/runtime/aggregator.ts';
import { createStorageHealth } from '../../../../electron/core/store/storage-health.ts';
import { StorageError } from '../../../../electron/core/store/storage-error.ts';

const healthy = createStorageHealth().state();

const pili: SourceConfig = { id: 'pili', provider: 'qiniu', accessKey: 'ak', hub: 'h', name: 'Pili' };
const se: SourceConfig = { id: 'se', provider: 'scaleengine', apiKey: 'k', cdnId: 1, apps: ['a'] };

function status(id: string, over: Partial<SourceStatus> = {}): SourceStatus {
  return {
    id,
    state: 'scheduled',
    lastSuccessAt: 1_000,
    lastError: null,
    lastErrorAt: null,
    consecutiveFailures: 0,
    nextPollAt: null,
    staleMs: 0,
    ...over,
  };
}

const incident = (id: number, kind: 'stream' | 'server'): Incident => ({
  id,
  sourceId: 'pili',
  subject: { kind, name: 'x' },
  openedAt: 1,
  closedAt: null,
  downtimeMs: null,
  checkpoints: [],
  acknowledgedAt: null,
  eventIds: [id],
});

describe('aggregator', () => {
  it('adds up what fresh sources know, keeps unknown as null, and shows each source with its calls today', () => {
    const agg = createAggregator();
    agg.record('pili', {
      at: 1_000,
      viewers: 120,
      bandwidthBps: 5e6,
      streams: [{ name: 's1', viewers: 120, bandwidthBps: 5e6 }],
    });
    agg.record('se', { at: 1_000, viewers: 30, bandwidthBps: null, streams: [] });
    const snap = agg.snapshot({
      at: 2_000,
      paused: false,
      sources: [
        { config: pili, intervalMs: 60_000 },
        { config: se, intervalMs: 30_000 },
      ],
      status: (id) => status(id),
      callsToday: (id) => (id === 'pili' ? 7 : 0),
      openIncidents: [],
      storage: healthy,
    });
    expect(snap.total).toEqual({ viewers: 150, bandwidthBps: 5e6 });
    expect(snap.sources.map((s) => [s.id, s.name, s.viewers, s.staleMs, s.stale, s.callsToday])).toEqual([
      ['pili', 'Pili', 120, 1_000, false, 7],
      ['se', 'se', 30, 1_000, false, 0],
    ]);
    expect(snap.glance).toEqual({ viewers: 150, bandwidthBps: 5e6, state: 'ok', openIncidents: 0 });
  });

  it('marks a source stale past twice its interval, keeps its last values and error, and leaves it out of the totals', () => {
    const agg = createAggregator();
    agg.record('se', { at: 0, viewers: 30, bandwidthBps: null, streams: [] });
    const error = { kind: 'network' as const, message: 'cannot reach se.example: connection refused' };
    const snap = agg.snapshot({
      at: 61_001,
      paused: false,
      sources: [{ config: se, intervalMs: 30_000 }],
      status: (id) =>
        status(id, { lastSuccessAt: 0, lastError: error, lastErrorAt: 61_000, state: 'backoff' }),
      callsToday: () => 3,
      openIncidents: [],
      storage: healthy,
    });
    expect(snap.sources[0]).toMatchObject({ viewers: 30, stale: true, lastError: error, state: 'backoff' });
    expect(snap.total.viewers).toBeNull();
    expect(snap.glance.state).toBe('warning');
  });
});

describe('glance', () => {
  const base = (over: Partial<Parameters<ReturnType<typeof createAggregator>['snapshot']>[0]> = {}) =>
    createAggregator().snapshot({
      at: 2_000,
      paused: false,
      sources: [{ config: pili, intervalMs: 60_000 }],
      status: (id) => status(id),
      callsToday: () => 0,
      openIncidents: [],
      storage: healthy,
      ...over,
    });

  it('is idle without sources, ok when all is well, paused when paused', () => {
    expect(base({ sources: [] }).glance.state).toBe('idle');
    expect(base().glance.state).toBe('ok');
    expect(base({ paused: true }).glance.state).toBe('paused');
  });

  it('is critical for a server incident or a stream with a big audience, warning for a small stream', () => {
    expect(base({ openIncidents: [incident(1, 'server')] }).glance.state).toBe('critical');
    expect(base({ openIncidents: [incident(2, 'stream')] }).glance).toMatchObject({
      state: 'warning',
      openIncidents: 1,
    });
    expect(base({ openIncidents: [incident(2, 'stream')], severityOf: () => 'critical' }).glance.state).toBe(
      'critical',
    );
  });

  it('is warning for a held source and stale for old data', () => {
    expect(base({ status: (id) => status(id, { state: 'held' }) }).glance.state).toBe('warning');
    expect(base({ at: 1_000 + 120_001 }).glance.state).toBe('stale');
  });
});

describe('storage in the snapshot and the tray', () => {
  const base = (storage: ReturnType<ReturnType<typeof createStorageHealth>['state']>) =>
    createAggregator().snapshot({
      at: 2_000,
      paused: false,
      sources: [{ config: pili, intervalMs: 60_000 }],
      status: (id) => status(id),
      callsToday: () => 0,
      openIncidents: [],
      storage,
    });

  it('turns the tray critical while the alert log cannot store, and names the file in the snapshot', () => {
    const health = createStorageHealth();
    health.failed(new StorageError('full', 'alert-log', '/data/alerts.sqlite', 'database or disk is full'));
    const snap = base(health.state());
    expect(snap.glance.state).toBe('critical');
    expect(snap.storage).toEqual({
      ok: false,
      problem: 'full',
      store: 'alert-log',
      file: '/data/alerts.sqlite',
      droppedHistoryWrites: 0,
    });
  });

  it('turns the tray to warning while only history cannot store, counting what it dropped', () => {
    const health = createStorageHealth();
    health.failed(new StorageError('io', 'history', '/data/history.sqlite', 'disk I/O error'));
    health.droppedHistoryWrite();
    health.droppedHistoryWrite();
    const snap = base(health.state());
    expect(snap.glance.state).toBe('warning');
    expect(snap.storage).toMatchObject({ ok: false, problem: 'io', droppedHistoryWrites: 2 });
    health.worked('history');
    expect(base(health.state()).glance.state).toBe('ok');
    expect(health.state()).toMatchObject({ ok: true, problem: null, file: null, droppedHistoryWrites: 2 });
  });
});
