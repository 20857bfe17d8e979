import { describe, expect, it } from 'vitest';
import type { Series, Snapshot, SourceSnapshot } from '../../../../shared/bridge.ts';
import {
  appendSnapshot,
  chartLines,
  customRange,
  envelopePoints,
  formatResolution,
  hasValues,
  pointSpacing,
  rangeWindow,
  zoomWindow,
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
    expect(rangeWindow('30d', 1000 * HOUR)).toEqual({ fromMs: 280 * HOUR, toMs: 1000 * HOUR });
    expect(rangeWindow('90d', 3000 * HOUR)).toEqual({ fromMs: 840 * HOUR, toMs: 3000 * HOUR });
  });

  it('keeps a custom or zoomed window fixed, whatever the time now', () => {
    const range = { kind: 'custom', fromMs: 5 * HOUR, toMs: 7 * HOUR } as const;
    expect(rangeWindow(range, 100 * HOUR)).toEqual({ fromMs: 5 * HOUR, toMs: 7 * HOUR });
  });

  it('accepts a typed custom range and says what is wrong with a bad one', () => {
    expect(customRange(5 * HOUR, 7 * HOUR, 10 * HOUR)).toEqual({ ok: true, range: { kind: 'custom', fromMs: 5 * HOUR, toMs: 7 * HOUR } });
    // An end in the future is pulled back to now: history has nothing there.
    expect(customRange(5 * HOUR, 70 * HOUR, 10 * HOUR)).toEqual({ ok: true, range: { kind: 'custom', fromMs: 5 * HOUR, toMs: 10 * HOUR } });
    expect(customRange(null, 7 * HOUR, 10 * HOUR)).toEqual({ ok: false, problem: 'missing' });
    expect(customRange(7 * HOUR, 5 * HOUR, 10 * HOUR)).toEqual({ ok: false, problem: 'order' });
    expect(customRange(11 * HOUR, 12 * HOUR, 10 * HOUR)).toEqual({ ok: false, problem: 'future' });
  });

  it('zooms into a dragged span either way round, and not at all for a click', () => {
    expect(zoomWindow(3 * HOUR, HOUR)).toEqual({ kind: 'custom', fromMs: HOUR, toMs: 3 * HOUR });
    expect(zoomWindow(HOUR, HOUR + 30_000)).toBeNull();
  });

  it('states the spacing the points really have, not the bucket asked for', () => {
    const fiveMinutes = { t: [0, 300_000, 600_000, 900_000] };
    const polled = { t: [0, 30_000, 60_000] };
    expect(pointSpacing([fiveMinutes])).toBe(300_000);
    expect(pointSpacing([fiveMinutes, polled, polled])).toBe(30_000);
    expect(pointSpacing([{ t: [5] }])).toBeNull();
  });

  it('counts a series of times without a single value as no data', () => {
    const empty: Series = { ...series(null, [1, 2]), viewers: [null, null], bandwidthBps: [null, null] };
    expect(hasValues([empty], 'viewers')).toBe(false);
    expect(hasValues([empty, series('cam', [1])], 'viewers')).toBe(true);
    expect(hasValues([], 'bandwidthBps')).toBe(false);
  });

  it('shapes series into lines per metric over the series’ own arrays, keeping gaps as null', () => {
    const one = series(null, [1000, 2000, 3000]);
    const [line] = chartLines([one], 'bandwidthBps', () => 'Total');
    expect(line).toEqual({ id: 'pili\u0000', label: 'Total', x: [1000, 2000, 3000], y: [0, null, 2e6] });
    expect(line?.x).toBe(one.t);
  });

  it('draws at most the budget of points, keeping each stretch’s low and high and every gap', () => {
    const x = Array.from({ length: 1000 }, (_, index) => index * 1000);
    const y: (number | null)[] = x.map((_, index) => (index === 500 ? 9_999 : index === 700 ? null : 10));
    const points = envelopePoints(x, y, 100);
    expect(points.length).toBeLessThanOrEqual(102);
    // The one-sample spike and the gap both survive.
    expect(points.some((point) => point.y === 9_999)).toBe(true);
    expect(points.some((point) => point.x === 700_000 && point.y === null)).toBe(true);
    // In time order.
    expect(points.every((point, index) => index === 0 || point.x >= (points[index - 1]?.x ?? 0))).toBe(true);
    // Few enough points are passed through as they are.
    expect(envelopePoints([1, 2], [5, null], 100)).toEqual([{ x: 1, y: 5 }, { x: 2, y: null }]);
  });

  it('appends a newer snapshot to the total and drops points that left the window', () => {
    const history = [series(null, [0, HOUR / 2, HOUR]), series('cam', [HOUR])];
    const [total, stream] = appendSnapshot(history, snapshotAt(HOUR * 1.6, HOUR * 1.5, 77), HOUR);
    expect(total?.t).toEqual([HOUR, HOUR * 1.5]);
    expect(total?.viewers).toEqual([20, 77]);
    expect(total?.bandwidthBps).toEqual([2e6, 77_000]);
    expect(stream).toBe(history[1]);
  });

  it('brings a stream’s line forward from the source’s live list while it is on air', () => {
    const snapshot = snapshotAt(HOUR * 1.6, HOUR * 1.5, 77);
    const live = { ...snapshot, sources: snapshot.sources.map((one) => ({ ...one, streams: [{ name: 'cam', viewers: 12, bandwidthBps: 3e6 }] })) };
    const [stream, gone] = appendSnapshot([series('cam', [HOUR]), series('other', [HOUR])], live, HOUR);
    expect(stream?.t).toEqual([HOUR, HOUR * 1.5]);
    expect(stream?.viewers).toEqual([0, 12]);
    expect(gone?.t).toEqual([HOUR]);
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
