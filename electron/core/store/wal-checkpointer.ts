import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { WAL_SIZE_LIMIT_BYTES } from './sqlite-database.ts';

// Copies the alert log's WAL back into its database once a second (SQLite's own autocheckpoint is off:
// see alert-log.ts). A checkpoint fsyncs, and under a storm of deliveries one took 60-100 ms of every
// second, during which the main thread (the Electron main process in the app) answered nothing. So while
// the log is busy the checkpoint runs on a worker thread with its own connection, which SQLite allows
// next to a writer; quiet, it stays inline, where it costs microseconds and spares the ~20 MB a worker
// thread keeps resident.
//
// A checkpoint running beside a writer that never pauses cannot finish: by the time it has copied what
// was there when it started, more has been appended, so the WAL is never started over and grows for as
// long as the burst lasts (99 MB in 4 s once). So every few commits the WAL's size is looked at, and
// past its limit it is made to finish: the worker copies the bulk off the main thread, and right after
// its reply one more checkpoint runs inline, on the writer's own thread, where nothing commits while it
// copies the little appended meanwhile. It finishes, the next commit starts the WAL over, and
// journal_size_limit cuts the file back. Without a worker (a quiet log), or while the worker falls behind
// (twice the limit), the inline one does it all. On a
// nearly full disk the limit shrinks with the free space: a WAL that has eaten the disk can no longer be
// checkpointed (the database file must grow), so it must be copied back while that is still possible;
// and after a write failed for want of space, a checkpoint is tried at once, since a restarted WAL
// reuses its file instead of growing it.

export interface WalCheckpointerOptions {
  /** The writer's connection: quiet-time checkpoints run on it. */
  db: DatabaseSync;
  /** The database file, for the worker's own connection. */
  file: string;
  /** Transactions the writer has committed so far. */
  commits: () => number;
  everyMs?: number;
  /** More commits than this between two checkpoints moves checkpointing to the worker. */
  busyCommits?: number;
  /** The worker stops after this long without a busy interval. */
  idleStopMs?: number;
  /** A checkpoint that failed (the log keeps working; the WAL grows until one succeeds). */
  onError?: (error: Error) => void;
  /** Past this size the WAL is checkpointed at once, inline (default: the journal_size_limit). */
  walLimitBytes?: number;
}

export interface WalCheckpointer {
  /** The writer committed a transaction. */
  committed(): void;
  /** A write failed for want of space: checkpoint now (at most every 250 ms), inline. */
  urgent(): void;
  stats(): {
    inline: number;
    offThread: number;
    /** Inline checkpoints run because the WAL outgrew its limit. */
    early: number;
    workerRunning: boolean;
    /** The largest the WAL file was seen (at each look), in bytes. */
    walPeakBytes: number;
  };
  /** Stops the timer and the worker. The caller's final checkpoint follows on its own connection. */
  stop(): void;
}

export const CHECKPOINT_EVERY_MS = 1_000;
/** How many commits go by between two looks at the WAL's size (a stat() and a statfs() call). */
const LOOK_EVERY_COMMITS = 16;
/** The WAL may take at most this share of the disk's free space before it is checkpointed at once. */
const FREE_SPACE_SHARE = 0.25;
const MIN_WAL_LIMIT_BYTES = 256 * 1024;
/** A checkpoint asked for after a failed write runs at most this often. */
const URGENT_EVERY_MS = 250;

// Plain CommonJS evaluated by the worker: it needs no bundling step and imports nothing of ours.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const failure = (error) => ({ ok: false, error: error instanceof Error ? error.message : String(error) });
let db;
try {
  db = new DatabaseSync(workerData.file);
} catch (error) {
  parentPort.postMessage(failure(error));
}
parentPort.on('message', () => {
  if (!db) return;
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage(failure(error));
  }
});
`;

const workerReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export function startWalCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  const everyMs = options.everyMs ?? CHECKPOINT_EVERY_MS;
  const busyCommits = options.busyCommits ?? 100;
  const idleStopMs = options.idleStopMs ?? 60_000;
  const onError =
    options.onError ?? ((error: Error) => console.error(`alert log checkpoint failed: ${error.message}`));
  let worker: Worker | undefined;
  /** A checkpoint asked of the worker and not yet answered: the next tick does not pile another on. */
  let inFlight = false;
  /** The worker failed to start or to checkpoint: inline from then on, rather than failing every second. */
  let workerBroken = false;
  let lastCommits = options.commits();
  let lastBusyAt = 0;
  let inline = 0;
  let offThread = 0;
  let early = 0;
  let walPeakBytes = 0;
  let commitsSinceLook = 0;
  let lastUrgentAt = Number.NEGATIVE_INFINITY;
  /** The WAL is over its limit: when the worker's checkpoint returns, finish it inline. */
  let finishInline = false;
  const walLimit = options.walLimitBytes ?? WAL_SIZE_LIMIT_BYTES;

  /** The WAL's limit now: the configured one, or less when the disk is nearly full. */
  function currentLimit(): number {
    try {
      const disk = statfsSync(dirname(options.file));
      const free = disk.bavail * disk.bsize;
      return Math.min(walLimit, Math.max(MIN_WAL_LIMIT_BYTES, free * FREE_SPACE_SHARE));
    } catch {
      return walLimit;
    }
  }

  function walSize(): number {
    try {
      const size = statSync(`${options.file}-wal`).size;
      walPeakBytes = Math.max(walPeakBytes, size);
      return size;
    } catch {
      return 0;
    }
  }

  function stopWorker(): void {
    if (!worker) return;
    const stopping = worker;
    worker = undefined;
    inFlight = false;
    finishInline = false;
    stopping.removeAllListeners();
    // Terminating mid-checkpoint is safe: SQLite's checkpoint survives being cut short, like a crash.
    void stopping.terminate();
  }

  function giveUpOnWorker(error: Error): void {
    workerBroken = true;
    stopWorker();
    onError(error);
  }

  function startWorker(): Worker {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: options.file },
      // It runs one statement at a time and keeps nothing; a bare worker's heap is about 4 MB.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    started.unref();
    started.on('message', (raw: unknown) => {
      inFlight = false;
      const reply = workerReply.safeParse(raw);
      if (reply.success && reply.data.ok) {
        offThread += 1;
        if (finishInline) {
          finishInline = false;
          early += 1;
          checkpointInline();
        }
        return;
      }
      giveUpOnWorker(
        new Error(
          reply.success && !reply.data.ok
            ? reply.data.error
            : 'the checkpoint worker sent an unreadable reply',
        ),
      );
    });
    started.on('error', (error: unknown) => {
      giveUpOnWorker(error instanceof Error ? error : new Error(String(error)));
    });
    started.on('exit', (code) => {
      // Only an exit nobody asked for: stopWorker() detaches this listener first.
      if (worker === started)
        giveUpOnWorker(new Error(`the checkpoint worker stopped (exit code ${code}); checkpointing inline`));
    });
    return started;
  }

  function checkpointInline(): void {
    try {
      options.db.exec('PRAGMA wal_checkpoint(PASSIVE)');
      inline += 1;
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  function tick(): void {
    walSize();
    const commits = options.commits();
    const busy = commits - lastCommits > busyCommits;
    lastCommits = commits;
    const now = Date.now();
    if (busy) lastBusyAt = now;
    if (worker && !busy && now - lastBusyAt >= idleStopMs) stopWorker();
    if (!worker && busy && !workerBroken) worker = startWorker();
    if (!worker) {
      checkpointInline();
      return;
    }
    if (inFlight) return;
    inFlight = true;
    worker.postMessage('checkpoint');
  }

  function committed(): void {
    commitsSinceLook += 1;
    if (commitsSinceLook < LOOK_EVERY_COMMITS) return;
    commitsSinceLook = 0;
    const size = walSize();
    const limit = currentLimit();
    if (size <= limit) return;
    // Twice over: the worker is not keeping up (still starting, say), so the writer's thread does it all.
    if (worker && size <= 2 * limit) {
      // The bulk off the main thread first; the reply handler finishes inline.
      finishInline = true;
      if (!inFlight) {
        inFlight = true;
        worker.postMessage('checkpoint');
      }
      return;
    }
    early += 1;
    checkpointInline();
  }

  function urgent(): void {
    const now = Date.now();
    if (now - lastUrgentAt < URGENT_EVERY_MS) return;
    lastUrgentAt = now;
    early += 1;
    checkpointInline();
  }

  /** The timer's work: a worker that cannot start (no threads, no memory) must not escape the timer. */
  function guardedTick(): void {
    try {
      tick();
    } catch (error) {
      giveUpOnWorker(error instanceof Error ? error : new Error(String(error)));
    }
  }

  const timer = setInterval(guardedTick, everyMs);
  timer.unref();
  return {
    committed,
    urgent,
    stats: () => ({ inline, offThread, early, workerRunning: worker !== undefined, walPeakBytes }),
    stop() {
      clearInterval(timer);
      stopWorker();
    },
  };
}
