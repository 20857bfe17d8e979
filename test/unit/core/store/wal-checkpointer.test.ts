import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../../electron/core/store/sqlite-database.ts';
import {
  startWalCheckpointer,
  type WalCheckpointer,
} from '../../../../electron/core/store/wal-checkpointer.ts';
import type { AlertCandidate } from '../../../../electron/core/store/alert-log.ts';
import { useTempAlertLogs } from '../../../helpers/temp-alert-logs.ts';

const logs = useTempAlertLogs();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function event(name: string): AlertCandidate {
  return {
    sourceId: 'wms',
    subject: { kind: 'stream', name },
    status: 'offline',
    occurredAt: 1_700_000_000_000,
    receivedAt: 1_700_000_001_000,
    origin: 'webhook',
    checkpoints: [],
    delivery: { time: '2023-11-14 22:13:20 UTC', digest: '0123456789abcdef0123456789abcdef' },
  };
}

/** Events found in the database file alone: what checkpoints have copied out of the WAL. */
function eventsInMainFile(dir: string): number {
  const copy = join(mkdtempSync(join(tmpdir(), 'streamtray-ckpt-')), 'copy.sqlite');
  copyFileSync(join(dir, 'alerts.sqlite'), copy);
  const db = new DatabaseSync(copy, { readOnly: true });
  try {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'alert_events'").get();
    if (tables?.['n'] === 0) return 0;
    return Number(db.prepare('SELECT count(*) AS n FROM alert_events').get()?.['n']);
  } finally {
    db.close();
    rmSync(join(copy, '..'), { recursive: true, force: true });
  }
}

describe('WAL checkpoints of the alert log', () => {
  it('keeps the WAL near its limit through a burst that never pauses, where it would grow without end', async () => {
    async function burst(walLimitBytes: number, withWorker = false): Promise<number> {
      // Without the worker the timer never fires during the burst: only the early checkpoint can hold
      // the WAL back. With it, the worker takes the bulk and the inline pass only finishes.
      const { log } = logs.open(
        undefined,
        withWorker ? { everyMs: 20, busyCommits: 5, walLimitBytes } : { everyMs: 600_000, walLimitBytes },
      );
      for (let i = 0; i < 1_200; i += 1) {
        await log.append([{ ...event(`burst-${i}-${'n'.repeat(120)}`), checkpoints: ['x'.repeat(300)] }]);
      }
      const { walPeakBytes, checkpoints } = log.stats();
      if (walLimitBytes < 1e9) expect(checkpoints.early).toBeGreaterThan(0);
      logs.close(log);
      return walPeakBytes;
    }
    const bounded = await burst(256 * 1024);
    const unbounded = await burst(2 ** 40);
    const withWorker = await burst(256 * 1024, true);
    expect(bounded).toBeLessThan(1024 * 1024);
    expect(unbounded).toBeGreaterThan(3 * bounded);
    // With the worker, the WAL may grow for as long as one of its checkpoints takes (long on a busy
    // machine), and no longer.
    expect(withWorker).toBeLessThan(unbounded / 2);
  });

  it('copies a quiet log into its database file inline, without starting a worker', async () => {
    const { log, dir } = logs.open(undefined, { everyMs: 20, busyCommits: 5 });
    await log.append([event('a')]);
    await log.append([event('b')]);
    await vi.waitFor(() => expect(eventsInMainFile(dir)).toBe(2), { timeout: 5_000, interval: 20 });
    expect(log.stats().checkpoints.inline).toBeGreaterThan(0);
    expect(log.stats().checkpoints.offThread).toBe(0);
  });

  it('checkpoints a busy log on the worker thread, and every committed event reaches the file', async () => {
    const { log, dir } = logs.open(undefined, { everyMs: 50, busyCommits: 5 });
    for (let i = 0; i < 40; i += 1) await log.append([event(`s${i}`)]);
    await vi.waitFor(() => expect(log.stats().checkpoints.offThread).toBeGreaterThan(0), {
      timeout: 5_000,
      interval: 20,
    });
    // Quiet again: the next checkpoints are inline, and the file ends up with everything committed.
    await vi.waitFor(() => expect(eventsInMainFile(dir)).toBe(40), { timeout: 5_000, interval: 20 });
    expect(log.stats().commits).toBe(40);
  });
});

describe('the checkpoint worker', () => {
  function start(file: string, commits: () => number, onError = vi.fn()): WalCheckpointer {
    const db = openDatabase(file, 'normal', 'alert-log');
    const checkpointer = startWalCheckpointer({
      db,
      file,
      commits,
      everyMs: 20,
      busyCommits: 5,
      idleStopMs: 150,
      onError,
    });
    cleanups.push(() => {
      checkpointer.stop();
      db.close();
    });
    return checkpointer;
  }

  it('starts when commits pour in and stops after a quiet spell, checkpointing inline again', async () => {
    const file = join(logs.dir(), 'alerts.sqlite');
    let commits = 0;
    const pour = setInterval(() => (commits += 10), 5);
    const checkpointer = start(file, () => commits);
    await vi.waitFor(() => expect(checkpointer.stats()).toMatchObject({ workerRunning: true }), {
      timeout: 5_000,
      interval: 10,
    });
    await vi.waitFor(() => expect(checkpointer.stats().offThread).toBeGreaterThan(0), {
      timeout: 5_000,
      interval: 10,
    });
    clearInterval(pour);
    const inlineBefore = checkpointer.stats().inline;
    await vi.waitFor(() => expect(checkpointer.stats().workerRunning).toBe(false), {
      timeout: 5_000,
      interval: 10,
    });
    await vi.waitFor(() => expect(checkpointer.stats().inline).toBeGreaterThan(inlineBefore), {
      timeout: 5_000,
      interval: 10,
    });
  });

  it('reports a worker that cannot open the file once, then keeps checkpointing inline', async () => {
    const dir = logs.dir();
    const onError = vi.fn();
    let commits = 0;
    const pour = setInterval(() => (commits += 10), 5);
    cleanups.push(() => clearInterval(pour));
    // The writer's own connection is fine; the worker is pointed at a directory, which SQLite refuses.
    const db = openDatabase(join(dir, 'alerts.sqlite'), 'normal', 'alert-log');
    const checkpointer = startWalCheckpointer({
      db,
      file: dir,
      commits: () => commits,
      everyMs: 20,
      busyCommits: 5,
      onError,
    });
    cleanups.push(() => {
      checkpointer.stop();
      db.close();
    });
    await vi.waitFor(() => expect(onError).toHaveBeenCalled(), { timeout: 5_000, interval: 10 });
    const inlineBefore = checkpointer.stats().inline;
    await vi.waitFor(() => expect(checkpointer.stats().inline).toBeGreaterThan(inlineBefore + 2), {
      timeout: 5_000,
      interval: 10,
    });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/unable to open database/i);
    expect(checkpointer.stats()).toMatchObject({ offThread: 0, workerRunning: false });
  });
});
