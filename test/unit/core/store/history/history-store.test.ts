import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveReading } from '../../../../../shared/domain.ts';
import { createManualClock } from '../../../../../electron/core/clock.ts';
import {
  openHistoryStore,
  type HistoryStore,
} from '../../../../../electron/core/store/history/history-store.ts';

const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

const dirs: string[] = [];
const stores: HistoryStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'history-'));
  dirs.push(dir);
  return join(dir, 'history.sqlite');
}

function open(file = ':memory:', now = T0, retention = {}) {
  const clock = createManualClock(now);
  const store = openHistoryStore({ file, clock, retention, chunkRows: 7 });
  stores.push(store);
  return { store, clock };
}

function reading(at: number, streams: [string, number | null, number | null][]): LiveReading {
  const viewers = streams.reduce((sum, [, v]) => sum + (v ?? 0), 0);
  const bw = streams.every(([, , b]) => b === null)
    ? null
    : streams.reduce((sum, [, , b]) => sum + (b ?? 0), 0);
  return {
    at,
    viewers,
    bandwidthBps: bw,
    streams: streams.map(([name, v, b]) => ({ name, viewers: v, bandwidthBps: b })),
  };
}

const request = (fromMs: number, toMs: number, extra: { streams?: string[]; maxPoints?: number } = {}) => ({
  sourceId: 'pili',
  fromMs,
  toMs,
  maxPoints: extra.maxPoints ?? 500,
  ...(extra.streams ? { streams: extra.streams } : {}),
});

describe('history store', () => {
  it('gives back what a poll recorded, total and per stream, with latestAt', async () => {
    const { store } = open();
    expect(store.latestAt('pili')).toBeNull();
    await store.record(
      'pili',
      reading(T0, [
        ['a', 10, 1_000_000],
        ['b', 5, 500_000],
      ]),
    );
    await store.record(
      'pili',
      reading(T0 + 30_000, [
        ['a', 12, 1_100_000],
        ['b', 4, 400_000],
      ]),
    );
    const [total] = store.series(request(T0 - MIN, T0 + MIN));
    const [a, b] = store.series(request(T0 - MIN, T0 + MIN, { streams: ['a', 'b'] }));
    expect(total?.stream).toBeNull();
    expect(total?.t).toEqual([T0, T0 + 30_000]);
    expect(total?.viewers).toEqual([15, 16]);
    expect(total?.bandwidthBps).toEqual([1_500_000, 1_500_000]);
    expect(a?.viewers).toEqual([10, 12]);
    expect(b?.bandwidthBps).toEqual([500_000, 400_000]);
    expect(store.latestAt('pili')).toBe(T0 + 30_000);
  });

  it('keeps unknown bandwidth null, never 0, in raw and rolled-up tiers', async () => {
    const { store, clock } = open();
    for (let i = 0; i < 20; i += 1)
      await store.record('pili', reading(T0 + i * 30_000, [['a', 3 + i, null]]));
    clock.advance(20 * MIN);
    await store.maintain(clock.now());
    const raw = store.series(request(T0, T0 + 10 * MIN, { streams: ['a'] }))[0];
    expect(raw?.bandwidthBps.length).toBeGreaterThan(0);
    expect(raw?.bandwidthBps.every((v) => v === null)).toBe(true);
    expect(raw?.viewers.every((v) => v !== null && v > 0)).toBe(true);
    // 24 h at 100 points picks a rolled-up tier.
    const coarse = store.series(request(T0, T0 + 24 * HOUR, { streams: ['a'], maxPoints: 100 }))[0];
    expect(coarse?.resolutionMs).toBeGreaterThanOrEqual(5 * MIN);
    expect(coarse?.bandwidthBps.length).toBeGreaterThan(0);
    expect(coarse?.bandwidthBps.every((v) => v === null)).toBe(true);
  });

  it('caps points per series and keeps a one-sample peak and dip', async () => {
    const { store } = open();
    const polls = 600; // 5 h of 30 s polls
    for (let i = 0; i < polls; i += 1) {
      const viewers = i === 333 ? 9_999 : i === 444 ? 0 : 100 + (i % 7);
      await store.record('pili', reading(T0 + i * 30_000, [['a', viewers, viewers * 1000]]));
    }
    const [line] = store.series(request(T0, T0 + polls * 30_000, { streams: ['a'], maxPoints: 50 }));
    expect(line?.t.length).toBeLessThanOrEqual(50);
    expect(line?.t.length).toBeGreaterThan(20);
    expect(Math.max(...(line?.viewers.map((v) => v ?? 0) ?? []))).toBe(9_999);
    expect(Math.min(...(line?.viewers.map((v) => v ?? Infinity) ?? []))).toBe(0);
    expect(Math.max(...(line?.bandwidthBps.map((v) => v ?? 0) ?? []))).toBe(9_999_000);
    const times = line?.t ?? [];
    expect(times.every((t, i) => i === 0 || t > (times[i - 1] ?? 0))).toBe(true);
  });

  it('rolls raw samples up into 1-min, 5-min and daily tiers with min, max and mean', async () => {
    const { store, clock } = open();
    // Minute 0: 10, 20; minute 1: 30, 50; then 3 more minutes of 40.
    const values = [10, 20, 30, 50, 40, 40, 40, 40, 40, 40];
    for (const [i, v] of values.entries())
      await store.record('pili', reading(T0 + i * 30_000, [['a', v, v * 10]]));
    // One sample the next day so the day bucket of T0 has ended.
    clock.advanceTo(T0 + 25 * HOUR);
    await store.maintain(clock.now());
    // Raw is still there (48 h), so a 2-h range at 120 points reads the 1-min tier (res 60 s).
    const minute = store.series(request(T0, T0 + 2 * HOUR, { streams: ['a'], maxPoints: 240 }))[0];
    expect(minute?.resolutionMs).toBe(MIN);
    expect(minute?.t.slice(0, 2)).toEqual([T0, T0 + MIN]);
    expect(minute?.viewers.slice(0, 5)).toEqual([15, 40, 40, 40, 40]);
    // A 3-day range at 20 points: daily tier would be too coarse for from; 5-min tier envelope.
    const week = store.series(
      request(T0 - 2 * 24 * HOUR, T0 + 24 * HOUR, { streams: ['a'], maxPoints: 20 }),
    )[0];
    expect(week?.viewers).toContain(10);
    expect(week?.viewers).toContain(50);
    // The daily tier: one bucket for the day, mean over all samples weighted by count.
    const days = store.series(
      request(T0 - 120 * 24 * HOUR, T0 + 24 * HOUR, { streams: ['a'], maxPoints: 400 }),
    )[0];
    expect(days?.resolutionMs).toBe(24 * HOUR);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(days?.viewers).toEqual([mean]);
  });

  it('charts data not yet rolled up from the raw table', async () => {
    const { store } = open();
    for (let i = 0; i < 6; i += 1) await store.record('pili', reading(T0 + i * MIN, [['a', 7, null]]));
    // No maintain at all: the 1-min tier is empty, yet the chart is not.
    const line = store.series(request(T0, T0 + 2 * HOUR, { streams: ['a'], maxPoints: 240 }))[0];
    expect(line?.resolutionMs).toBe(MIN);
    expect(line?.viewers).toEqual([7, 7, 7, 7, 7, 7]);
  });

  it('retention removes rows older than the policy and keeps the rest', async () => {
    const { store, clock } = open(':memory:', T0, { rawMs: 2 * HOUR });
    await store.record('pili', reading(T0, [['a', 1, 1]]));
    await store.record('pili', reading(T0 + 90 * MIN, [['a', 2, 2]]));
    clock.advanceTo(T0 + 3 * HOUR);
    await store.maintain(clock.now());
    // Raw range fully inside the last 2 h: only the newer sample is left.
    const raw = store.series(request(T0 + 61 * MIN, T0 + 3 * HOUR, { streams: ['a'] }))[0];
    expect(raw?.viewers).toEqual([2]);
    // The old sample survives in the 1-min tier.
    const minute = store.series(request(T0 - HOUR, T0 + 3 * HOUR, { streams: ['a'], maxPoints: 500 }))[0];
    expect(minute?.t).toContain(T0);
    expect(store.series(request(T0 - 1000, T0 + 1000, { streams: ['a'], maxPoints: 2 }))[0]?.t).toEqual([T0]);
  });

  it('keeps trimming raw samples as a long-running store ages, so the file does not grow without bound', async () => {
    const file = tempFile();
    const { store, clock } = open(file, T0, { rawMs: 2 * HOUR });
    // Twelve hours of polls every 5 minutes, maintained as the app does: rollups and retention keep up.
    for (let at = T0; at <= T0 + 12 * HOUR; at += 5 * MIN) {
      clock.advanceTo(at);
      await store.record('pili', reading(at, [['a', 5, 500]]));
      await store.maintain(at);
    }
    const db = new DatabaseSync(file);
    const oldest = Number(db.prepare('SELECT min(ts) AS ts FROM samples').get()?.['ts']) * 1000;
    db.close();
    // Raw samples older than the 2 h policy (plus the pass interval) are gone; the minute tier still charts them.
    expect(oldest).toBeGreaterThanOrEqual(T0 + 12 * HOUR - 2 * HOUR - 15 * MIN);
    const day = store.series(request(T0, T0 + 12 * HOUR, { streams: ['a'], maxPoints: 1000 }))[0];
    expect(day?.t[0]).toBe(T0);
    expect(day?.viewers.every((v) => v === 5)).toBe(true);
  });

  it('survives closing and reopening the file, rollups included', async () => {
    const file = tempFile();
    const first = openHistoryStore({ file, clock: createManualClock(T0) });
    for (let i = 0; i < 4; i += 1)
      await first.record('pili', reading(T0 + i * 30_000, [['a', 10 + i, null]]));
    first.close(); // never maintained: the reopened store must roll these up itself
    const { store, clock } = open(file, T0 + 10 * MIN);
    expect(store.latestAt('pili')).toBe(T0 + 90_000);
    clock.advance(MIN);
    await store.maintain(clock.now());
    const raw = store.series(request(T0, T0 + 5 * MIN, { streams: ['a'] }))[0];
    expect(raw?.viewers).toEqual([10, 11, 12, 13]);
    const minute = store.series(request(T0, T0 + 2 * HOUR, { streams: ['a'], maxPoints: 240 }))[0];
    expect(minute?.viewers).toEqual([10.5, 12.5]);
  });

  it('backfill fills gaps without overwriting finer data', async () => {
    const { store, clock } = open();
    await store.record('pili', reading(T0 + 2 * MIN, [['a', 50, 5000]]));
    await store.backfill('pili', 5 * MIN, [
      { t: T0 - 5 * MIN, stream: null, viewers: 7, bandwidthBps: 700 },
      { t: T0, stream: null, viewers: 999, bandwidthBps: 999 }, // raw already has T0+2min: skipped
    ]);
    const line = store.series(request(T0 - 10 * MIN, T0 + 10 * MIN))[0];
    expect(line?.t).toEqual([T0 - 5 * MIN, T0 + 2 * MIN]);
    expect(line?.viewers).toEqual([7, 50]);
    expect(store.latestAt('pili')).toBe(T0 + 2 * MIN);
    // Points too old for raw land in a rolled-up tier and chart from there.
    await store.backfill('pili', HOUR, [
      { t: T0 - 5 * 24 * HOUR, stream: 'a', viewers: 30, bandwidthBps: null },
    ]);
    clock.advance(10 * MIN);
    await store.maintain(clock.now());
    const old = store.series(
      request(T0 - 6 * 24 * HOUR, T0 - 4 * 24 * HOUR, { streams: ['a'], maxPoints: 1000 }),
    )[0];
    expect(old?.viewers).toEqual([30]);
    expect(old?.bandwidthBps).toEqual([null]);
  });

  it('answers an empty series for an unknown stream and refuses use after close', async () => {
    const { store } = open();
    expect(store.series(request(T0, T0 + HOUR, { streams: ['nope'] }))[0]?.t).toEqual([]);
    store.close();
    await expect(store.record('pili', reading(T0, []))).rejects.toThrow(/history store is closed/);
  });
});
