import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';

// SQLite WAL checkpoints on a thread of their own.
//
// A checkpoint copies the WAL into the database file and fsyncs both. On the main thread it stops the
// event loop for as long as the disk takes: measured 10-25 ms on a busy virtual disk, inside whichever
// COMMIT crossed the WAL limit — a poll's history write, or a webhook's 204. Here the main connections
// never checkpoint (wal_autocheckpoint = 0) and a worker runs PASSIVE checkpoints, which never block
// their writers or readers, through connections of its own. The worker is kept small (its own heap is
// capped, and it loads nothing but node:sqlite) because `serve` lives within a memory budget.

export interface WalCheckpointer {
  /** Checkpoints `file` every interval from now on; its main connection should not checkpoint itself. */
  add(file: string): void;
  /** Stops checkpointing `file` and closes the worker's connection to it. */
  remove(file: string): Promise<void>;
  /** Stops the worker. */
  close(): Promise<void>;
}

export const CHECKPOINT_EVERY_MS = 1_000;

// Plain CommonJS run by the worker (eval): no bundling, no module graph, a few hundred KB of heap.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const dbs = new Map();
function checkpointAll() {
  for (const [file, db] of dbs) {
    try {
      db.exec('PRAGMA wal_checkpoint(PASSIVE)');
    } catch (error) {
      parentPort.postMessage({ type: 'error', file, message: String(error && error.message || error) });
    }
  }
}
parentPort.on('message', (message) => {
  if (message.type === 'add' && !dbs.has(message.file)) {
    const db = new DatabaseSync(message.file);
    db.exec('PRAGMA busy_timeout = 1000');
    // A checkpoint copies frames straight from the WAL: no use for a page cache.
    db.exec('PRAGMA cache_size = -64');
    dbs.set(message.file, db);
  } else if (message.type === 'remove') {
    const db = dbs.get(message.file);
    dbs.delete(message.file);
    if (db) db.close();
    parentPort.postMessage({ type: 'removed', file: message.file });
  }
});
setInterval(checkpointAll, workerData.everyMs);
`;

export interface WalCheckpointerOptions {
  everyMs?: number;
  /** A checkpoint failed, or the thread died (then checkpoints go on, on the main thread). */
  onError?: (file: string, message: string) => void;
  /** Tests only: the worker's code, to make the thread fail. */
  workerSource?: string;
}

export function startWalCheckpointer(options: WalCheckpointerOptions = {}): WalCheckpointer {
  const everyMs = options.everyMs ?? CHECKPOINT_EVERY_MS;
  const worker = new Worker(options.workerSource ?? WORKER_SOURCE, {
    eval: true,
    workerData: { everyMs },
    resourceLimits: {
      // A few times what it uses; at 4 MB it ran out within minutes of `serve`.
      maxOldGenerationSizeMb: 8,
      maxYoungGenerationSizeMb: 1,
      stackSizeMb: 1,
    },
  });
  // Never what keeps a finished command alive.
  worker.unref();
  const files = new Set<string>();
  const removals = new Map<string, () => void>();
  let exited = false;
  let closing = false;
  /** After the thread died: the same checkpoints on the main thread, so the WAL never grows unbounded. */
  let fallback: { dbs: Map<string, DatabaseSync>; timer: ReturnType<typeof setInterval> } | null = null;

  function startFallback(reason: string): void {
    if (closing || fallback) return;
    const dbs = new Map<string, DatabaseSync>();
    const open = (file: string) => {
      const db = new DatabaseSync(file);
      db.exec('PRAGMA busy_timeout = 1000');
      dbs.set(file, db);
    };
    for (const file of files) open(file);
    const timer = setInterval(() => {
      for (const [file, db] of dbs) {
        try {
          db.exec('PRAGMA wal_checkpoint(PASSIVE)');
        } catch (error) {
          options.onError?.(file, error instanceof Error ? error.message : String(error));
        }
      }
    }, everyMs);
    timer.unref();
    fallback = { dbs, timer };
    for (const file of files)
      options.onError?.(file, `checkpoint thread stopped (${reason}); checkpointing on the main thread`);
  }

  worker.on('error', (error: unknown) =>
    startFallback(error instanceof Error ? error.message : String(error)),
  );
  worker.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { type, file } = message as { type?: unknown; file?: unknown };
    if (typeof file !== 'string') return;
    if (type === 'removed') {
      removals.get(file)?.();
      removals.delete(file);
    } else if (type === 'error') {
      const text = (message as { message?: unknown }).message;
      options.onError?.(file, typeof text === 'string' ? text : 'checkpoint failed');
    }
  });
  const done = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void done.then(() => {
    exited = true;
    for (const resolve of removals.values()) resolve();
    removals.clear();
    startFallback('it exited');
  });
  return {
    add(file) {
      files.add(file);
      if (fallback && !fallback.dbs.has(file)) {
        const db = new DatabaseSync(file);
        db.exec('PRAGMA busy_timeout = 1000');
        fallback.dbs.set(file, db);
      }
      if (!exited) worker.postMessage({ type: 'add', file });
    },
    remove(file) {
      files.delete(file);
      fallback?.dbs.get(file)?.close();
      fallback?.dbs.delete(file);
      if (exited) return Promise.resolve();
      return new Promise<void>((resolve) => {
        removals.set(file, resolve);
        worker.postMessage({ type: 'remove', file });
      });
    },
    async close() {
      closing = true;
      if (!exited) await worker.terminate();
      await done;
      if (fallback) {
        clearInterval(fallback.timer);
        for (const db of fallback.dbs.values()) db.close();
        fallback = null;
      }
    },
  };
}
