import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../../shared/alerts.ts';
import type { LiveReading } from '../../../../shared/domain.ts';
import { detectBandwidthCap } from '../../../../electron/core/runtime/detectors/bandwidth-cap.ts';
import { parseDetectorConfig } from '../../../../shared/detector-config.ts';
import { createDetectors } from '../../../../electron/core/runtime/detectors/detectors.ts';
import { detectServerRecovery } from '../../../../electron/core/runtime/detectors/server-recovery.ts';
import { detectSourceHealth } from '../../../../electron/core/runtime/detectors/source-health.ts';
import {
  detectVanished,
  initialVanishedState,
} from '../../../../electron/core/runtime/detectors/vanished.ts';
import {
  detectViewerCliff,
  initialCliffState,
} from '../../../../electron/core/runtime/detectors/viewer-cliff.ts';
import {
  detectZeroViewers,
  initialZeroViewersState,
} from '../../../../electron/core/runtime/detectors/zero-viewers.ts';

const reading = (
  at: number,
  streams: Record<string, number>,
  bandwidthBps: number | null = null,
): LiveReading => ({
  at,
  viewers: Object.values(streams).reduce((a, b) => a + b, 0),
  bandwidthBps,
  streams: Object.entries(streams).map(([name, viewers]) => ({ name, viewers, bandwidthBps: null })),
});

describe('Qiniu vanished streams', () => {
  it('reports a stream that drops off the live list with the audience it had, and its return', () => {
    let state = initialVanishedState;
    let r = detectVanished('pili', state, reading(1, { a: 500, b: 3 }), 1);
    expect(r.events).toEqual([]);
    state = r.state;
    r = detectVanished('pili', state, reading(2, { b: 3 }), 1);
    expect(r.events).toEqual([
      {
        sourceId: 'pili',
        subject: { kind: 'stream', name: 'a' },
        status: 'offline',
        occurredAt: 2,
        reason: 'vanished',
        viewers: 500,
      },
    ]);
    r = detectVanished('pili', r.state, reading(3, { b: 3 }), 1);
    expect(r.events).toEqual([]);
    r = detectVanished('pili', r.state, reading(4, { a: 20, b: 3 }), 1);
    expect(r.events.map((e) => [e.subject.name, e.status, e.viewers])).toEqual([['a', 'online', 20]]);
  });

  it('waits for N polls missing, and says nothing when a stream is back before that', () => {
    let r = detectVanished('pili', initialVanishedState, reading(1, { a: 10 }), 3);
    r = detectVanished('pili', r.state, reading(2, {}), 3);
    r = detectVanished('pili', r.state, reading(3, {}), 3);
    expect(r.events).toEqual([]);
    const back = detectVanished('pili', r.state, reading(4, { a: 10 }), 3);
    expect(back.events).toEqual([]);
    const gone = detectVanished('pili', r.state, reading(4, {}), 3);
    expect(gone.events.map((e) => e.status)).toEqual(['offline']);
  });
});

describe('ScaleEngine zero viewers', () => {
  it('reports a stream at zero for N polls after it had viewers, then its recovery', () => {
    let r = detectZeroViewers('se', initialZeroViewersState, reading(1, { live: 40 }), 2);
    r = detectZeroViewers('se', r.state, reading(2, { live: 0 }), 2);
    expect(r.events).toEqual([]);
    r = detectZeroViewers('se', r.state, reading(3, {}), 2);
    expect(r.events).toEqual([
      {
        sourceId: 'se',
        subject: { kind: 'stream', name: 'live' },
        status: 'offline',
        occurredAt: 3,
        reason: 'zero-viewers',
        viewers: 40,
      },
    ]);
    r = detectZeroViewers('se', r.state, reading(4, {}), 2);
    expect(r.events).toEqual([]);
    r = detectZeroViewers('se', r.state, reading(5, { live: 7 }), 2);
    expect(r.events.map((e) => [e.status, e.viewers])).toEqual([['online', 7]]);
  });

  it('never reports a stream that never had viewers', () => {
    let r = detectZeroViewers('se', initialZeroViewersState, reading(1, { idle: 0 }), 1);
    r = detectZeroViewers('se', r.state, reading(2, { idle: 0 }), 1);
    expect(r.events).toEqual([]);
  });
});

describe('viewer cliff', () => {
  const limits = { dropPercent: 50, windowMinutes: 5, minViewers: 100 };
  it('opens when viewers fall by more than X% of the window peak, and closes once they are back', () => {
    let r = detectViewerCliff('pili', initialCliffState, reading(0, { a: 1000 }), limits);
    r = detectViewerCliff('pili', r.state, reading(60_000, { a: 600 }), limits);
    expect(r.events).toEqual([]);
    r = detectViewerCliff('pili', r.state, reading(120_000, { a: 400 }), limits);
    const cliffs = r.events.filter((e) => e.subject.kind === 'stream');
    expect(cliffs).toEqual([
      {
        sourceId: 'pili',
        subject: { kind: 'stream', name: 'a' },
        status: 'offline',
        occurredAt: 120_000,
        reason: 'viewer-cliff',
        viewers: 1000,
      },
    ]);
    // The total fell the same way: its own subject, not the source's reachability.
    expect(r.events.find((e) => e.subject.kind === 'source')?.subject.name).toBe('pili viewers');
    r = detectViewerCliff('pili', r.state, reading(180_000, { a: 450 }), limits);
    expect(r.events).toEqual([]);
    r = detectViewerCliff('pili', r.state, reading(240_000, { a: 900 }), limits);
    expect(r.events.map((e) => e.status)).toEqual(['online', 'online']);
  });

  it('ignores a fall spread over longer than the window, and small audiences', () => {
    let r = detectViewerCliff('pili', initialCliffState, reading(0, { a: 1000, small: 90 }), limits);
    r = detectViewerCliff('pili', r.state, reading(10 * 60_000, { a: 100, small: 1 }), limits);
    expect(r.events).toEqual([]);
  });
});

describe('bandwidth cap', () => {
  it('opens over the cap, stays quiet while over, closes under it; nothing without a cap or a value', () => {
    const over = detectBandwidthCap('pili', false, reading(1, {}, 2e9), 1e9);
    expect(over.events.map((e) => [e.subject.name, e.status, e.reason])).toEqual([
      ['pili bandwidth', 'offline', 'bandwidth-cap'],
    ]);
    expect(detectBandwidthCap('pili', true, reading(2, {}, 3e9), 1e9).events).toEqual([]);
    expect(detectBandwidthCap('pili', true, reading(3, {}, 5e8), 1e9).events.map((e) => e.status)).toEqual([
      'online',
    ]);
    expect(detectBandwidthCap('pili', false, reading(4, {}, 2e9), undefined).events).toEqual([]);
    expect(detectBandwidthCap('pili', false, reading(5, {}, null), 1e9).events).toEqual([]);
  });
});

describe('source health', () => {
  const fail = (failures: number, kind: 'network' | 'auth' = 'network') => ({
    ok: false as const,
    at: failures,
    error: { kind, message: 'x' },
    failures,
  });
  it('reports unreachable after N failures, once, and recovery on the next success', () => {
    let h = detectSourceHealth('se', 'ok', fail(1), 3);
    h = detectSourceHealth('se', h.health, fail(2), 3);
    expect(h.events).toEqual([]);
    h = detectSourceHealth('se', h.health, fail(3), 3);
    expect(h.events.map((e) => [e.subject, e.status, e.reason])).toEqual([
      [{ kind: 'source', name: 'se' }, 'offline', 'unreachable'],
    ]);
    h = detectSourceHealth('se', h.health, fail(4), 3);
    expect(h.events).toEqual([]);
    h = detectSourceHealth('se', h.health, { ok: true, at: 9, viewers: 5 }, 3);
    expect(h.events.map((e) => [e.status, e.reason])).toEqual([['online', 'unreachable']]);
  });
  it('reports rejected credentials at once', () => {
    expect(detectSourceHealth('se', 'ok', fail(1, 'auth'), 3).events.map((e) => e.reason)).toEqual(['auth']);
  });
});

describe('WMSPanel server recovery', () => {
  it('closes an open server incident when a stream on that host comes back online, and only then', () => {
    const open = [{ sourceId: 'wms', subject: { kind: 'server' as const, name: 'edge1.example.com' } }];
    const event = (stream: string, status: 'online' | 'offline'): AlertEvent => ({
      id: 1,
      sourceId: 'wms',
      subject: { kind: 'stream', name: stream },
      status,
      occurredAt: 50,
      receivedAt: 51,
      origin: 'webhook',
      checkpoints: [],
    });
    expect(detectServerRecovery(open, [event('rtmp://edge2.example.com/live/a', 'online')])).toEqual([]);
    expect(detectServerRecovery(open, [event('rtmp://edge1.example.com/live/a', 'offline')])).toEqual([]);
    expect(detectServerRecovery(open, [event('rtmp://edge1.example.com/live/a', 'online')])).toEqual([
      {
        sourceId: 'wms',
        subject: { kind: 'server', name: 'edge1.example.com' },
        status: 'online',
        occurredAt: 50,
        reason: 'stream-online',
        viewers: null,
      },
    ]);
  });
});

describe('detector config and wiring', () => {
  it('has defaults and refuses a wrong field by name', () => {
    expect(parseDetectorConfig(undefined).zeroViewerPolls).toBe(3);
    expect(() => parseDetectorConfig({ viewerCliff: { dropPercent: 150 } })).toThrow(
      /detectors: viewerCliff\.dropPercent/,
    );
    expect(() => parseDetectorConfig({ unreachableAfter: 2 })).toThrow(/unreachableAfter/);
  });

  it('applies the vanished rule to Qiniu only and the zero rule to ScaleEngine only', () => {
    const detectors = createDetectors(parseDetectorConfig({ zeroViewerPolls: 1 }));
    const ok = (sourceId: string, at: number, streams: Record<string, number>) => ({
      sourceId,
      at,
      ok: true as const,
      reading: reading(at, streams),
    });
    detectors.onPoll('qiniu', ok('pili', 1, { a: 5 }));
    detectors.onPoll('scaleengine', ok('se', 1, { a: 5 }));
    expect(detectors.onPoll('qiniu', ok('pili', 2, {})).map((e) => e.reason)).toEqual(['vanished']);
    expect(detectors.onPoll('scaleengine', ok('se', 2, {})).map((e) => e.reason)).toEqual(['zero-viewers']);
  });
});
