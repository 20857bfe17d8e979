import { afterEach, describe, expect, it } from 'vitest';
import { backfillSource, scaleEngineGraph } from '../../../../electron/core/backfill/backfill.ts';
import { createManualClock } from '../../../../electron/core/clock.ts';
import { QiniuClient } from '../../../../electron/core/providers/qiniu/qiniu-client.ts';
import { ScaleEngineClient } from '../../../../electron/core/providers/scaleengine/scaleengine-client.ts';
import {
  openHistoryStore,
  type HistoryStore,
} from '../../../../electron/core/store/history/history-store.ts';
import { startQiniuSimulator } from '../../../../electron/simulators/qiniu/qiniu-simulator.ts';
import {
  SCALEENGINE_SIM_PATH,
  startScaleEngineSimulator,
} from '../../../../electron/simulators/scaleengine/scaleengine-simulator.ts';

const NOW = Date.UTC(2025, 0, 6, 20, 3, 17);
const HOUR = 3_600_000;
let simNow = NOW;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  simNow = NOW;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function store(): HistoryStore {
  const history = openHistoryStore({ file: ':memory:', clock: createManualClock(NOW) });
  cleanups.push(() => history.close());
  return history;
}

async function qiniu() {
  const sim = await startQiniuSimulator({
    accessKey: 'AK',
    secretKey: 'qiniu-secret',
    hub: 'live',
    now: () => simNow,
  });
  cleanups.push(() => sim.close());
  return new QiniuClient({
    sourceId: 'pili',
    accessKey: 'AK',
    secretKey: 'qiniu-secret',
    hub: 'live',
    baseUrl: `${sim.origin}/`,
    now: () => NOW,
  });
}

async function scaleEngine() {
  const sim = await startScaleEngineSimulator({
    apiKey: 'PK',
    secretKey: 'se-secret',
    cdnId: 158,
    now: () => NOW,
  });
  cleanups.push(() => sim.close());
  return new ScaleEngineClient({
    sourceId: 'se',
    apiKey: 'PK',
    secretKey: 'se-secret',
    cdnId: 158,
    apps: ['demo-origin', 'events'],
    baseUrl: `${sim.origin}${SCALEENGINE_SIM_PATH}`,
    now: () => NOW,
  });
}

describe('backfillSource', () => {
  it('fills an empty store with the Qiniu hub total in 5-minute buckets', async () => {
    const history = store();
    const client = await qiniu();
    const result = await backfillSource({
      sourceId: 'pili',
      source: { kind: 'qiniu', client },
      history,
      windowMs: 6 * HOUR,
      now: NOW,
    });
    expect(result.filled).toBe(true);
    expect(result.resolutionMs).toBe(300_000);
    const expected = await client.history({
      start: Math.floor((NOW - 6 * HOUR) / 1000),
      end: Math.floor(NOW / 1000),
    });
    const [line] = history.series({ sourceId: 'pili', fromMs: NOW - 6 * HOUR, toMs: NOW, maxPoints: 500 });
    expect(line?.t).toEqual(expected.map((b) => b.time * 1000));
    expect(line?.viewers).toEqual(expected.map((b) => b.count));
    expect(line?.bandwidthBps).toEqual(expected.map((b) => b.bandwidth));
    expect(history.latestAt('pili')).toBe(
      expected.at(-1)?.time === undefined ? null : (expected.at(-1)?.time ?? 0) * 1000,
    );
  });

  it('does nothing when the store is fresh, and fills after a gap', async () => {
    const history = store();
    const client = await qiniu();
    await history.record('pili', { at: NOW - 60_000, viewers: 5, bandwidthBps: 5, streams: [] });
    const source = { kind: 'qiniu', client } as const;
    expect(
      (await backfillSource({ sourceId: 'pili', source, history, windowMs: 6 * HOUR, now: NOW })).filled,
    ).toBe(false);
    const later = NOW + 2 * HOUR;
    simNow = later;
    const result = await backfillSource({
      sourceId: 'pili',
      source,
      history,
      windowMs: 6 * HOUR,
      now: later,
    });
    expect(result.filled).toBe(true);
    const [line] = history.series({ sourceId: 'pili', fromMs: NOW - 6 * HOUR, toMs: later, maxPoints: 500 });
    // Only the gap since the last sample was asked for, and the recorded sample was kept.
    expect(line?.t[0]).toBeGreaterThanOrEqual(NOW - 60_000 - 300_000);
    expect(line?.t).toContain(NOW - 60_000);
    expect(line?.t.length).toBeGreaterThan(20);
    expect(history.latestAt('pili')).toBeGreaterThan(NOW + HOUR);
  });

  it('fills ScaleEngine streams and totals by minute, bandwidth unknown', async () => {
    const history = store();
    const client = await scaleEngine();
    const result = await backfillSource({
      sourceId: 'se',
      source: { kind: 'scaleengine', client },
      history,
      windowMs: 3 * HOUR,
      now: NOW,
    });
    expect(result.resolutionMs).toBe(60_000);
    const rows = await client.viewerLog({
      graph: 1,
      starttime: new Date(NOW - 3 * HOUR).toISOString().slice(0, 19).replace('T', ' '),
    });
    expect(rows.length).toBeGreaterThan(0);
    const [total, shared] = history
      .series({
        sourceId: 'se',
        streams: undefined,
        fromMs: NOW - 3 * HOUR,
        toMs: NOW,
        maxPoints: 2000,
      })
      .concat(
        history.series({
          sourceId: 'se',
          streams: ['events/mystream_720p'],
          fromMs: NOW - 3 * HOUR,
          toMs: NOW,
          maxPoints: 2000,
        }),
      );
    const newest = Math.max(...rows.map((r) => r.timeMs));
    const atNewest = rows
      .filter((r) => r.timeMs === newest)
      .reduce((sum, r) => sum + Math.round(r.viewer_count_avg), 0);
    expect(total?.t.at(-1)).toBe(newest);
    expect(total?.viewers.at(-1)).toBe(atNewest);
    expect(shared?.t.length).toBeGreaterThan(0);
    expect(total?.bandwidthBps.every((b) => b === null)).toBe(true);
  });

  it('picks the ScaleEngine graph by window', () => {
    expect(scaleEngineGraph(6 * HOUR).graph).toBe(1);
    expect(scaleEngineGraph(20 * HOUR).graph).toBe(2);
    expect(scaleEngineGraph(3 * 24 * HOUR)).toEqual({ graph: 3, resolutionMs: HOUR });
    expect(scaleEngineGraph(30 * 24 * HOUR).graph).toBe(4);
  });

  it('asks for a coarser ScaleEngine log when minutes of every stream would be too many rows', () => {
    // 200 streams × 360 minutes is 72,000 rows: the hourly log covers the same 6 hours in 1,200.
    expect(scaleEngineGraph(6 * HOUR, 200)).toEqual({ graph: 3, resolutionMs: HOUR });
    // 200 streams × 60 minutes fits: a short gap still gets minute detail.
    expect(scaleEngineGraph(HOUR, 200)).toEqual({ graph: 1, resolutionMs: 60_000 });
    expect(scaleEngineGraph(3 * 24 * HOUR, 5_000).graph).toBe(4);
  });
});
