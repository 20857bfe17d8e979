import { describe, expect, it } from 'vitest';
import type { Series, Snapshot, SourceSnapshot } from '../../../../shared/bridge.ts';
import {
  appendSnapshot,
  chartLines,
  formatResolution,
  rangeWindow,
} from '../../../../renderer/logic/chart-data.ts';

const HOUR = 3_600_000;

function series(stream: string | null, t: number[]): Series {
  return {
    sourceId: 'pili',
    stream,
    resolutionMs: 60_000,
    t,
    viewers: t.map((_, index) => index * 10),
    bandwidthBps: t.map((_, index) => (index === 1 ? null : index * 1e6)),
  };
}

function snapshotAt(at: number, lastSuccessAt: number | null, viewers: number | null): Snapshot {
  const source: SourceSnapshot = {
    id: 'pili',
    name: 'Pili',
    provider: 'qiniu',
    state: 'scheduled',
    viewers,
    bandwidthBps: viewers === null ? null : viewers * 1000,
    streams: [],
    lastSuccessAt,
    lastError: null,
    lastErrorAt: null,
    staleMs: lastSuccessAt === null ? null : at - lastSuccessAt,
    stale: false,
    callsToday: 3,
  };
  return {
    at,
    paused: false,
    sources: [source],
    total: { viewers, bandwidthBps: null },
    openIncidents: [],
    storage: { ok: true, problem: null, store: null, file: null, droppedHistoryWrites: 0 },
    glance: { viewers, bandwidthBps: null, state: 'ok', openIncidents: 0 },
  };
}

describe('chart data', () => {
  it('chooses a window ending now for each range', () => {
    expect(rangeWindow('1h', 10 * HOUR)).toEqual({ fromMs: 9 * HOUR, toMs: 10 * HOUR });
    expect(rangeWindow('7d', 200 * HOUR)).toEqual({ fromMs: 32 * HOUR, toMs: 200 * HOUR });
  });

  it('shapes series into x/y points per metric, keeping gaps as null instead of zero', () => {
    const lines = chartLines([series(null, [1000, 2000, 3000])], 'bandwidthBps', () => 'Total');
    expect(lines).toEqual([
      {
        id: 'pili\u0000',
        label: 'Total',
        points: [
          { x: 1000, y: 0 },
          { x: 2000, y: null },
          { x: 3000, y: 2e6 },
        ],
      },
    ]);
  });

  it('appends a newer snapshot to the total and drops points that left the window', () => {
    const history = [series(null, [0, HOUR / 2, HOUR]), series('cam', [HOUR])];
    const [total, stream] = appendSnapshot(history, snapshotAt(HOUR * 1.6, HOUR * 1.5, 77), HOUR);
    expect(total?.t).toEqual([HOUR, HOUR * 1.5]);
    expect(total?.viewers).toEqual([20, 77]);
    expect(total?.bandwidthBps).toEqual([2e6, 77_000]);
    expect(stream).toBe(history[1]);
  });

  it('does not append the same reading twice or a source with no success yet', () => {
    const history = [series(null, [HOUR])];
    expect(appendSnapshot(history, snapshotAt(HOUR + 5, HOUR, 5), HOUR)[0]).toBe(history[0]);
    expect(appendSnapshot(history, snapshotAt(HOUR + 5, null, null), HOUR)[0]).toBe(history[0]);
  });

  it('names the downsampling resolution in readable units', () => {
    expect(formatResolution(10_000)).toBe('10 s');
    expect(formatResolution(300_000)).toBe('5 min');
    expect(formatResolution(3_600_000)).toBe('1 h');
    expect(formatResolution(86_400_000)).toBe('1 d');
  });
});
