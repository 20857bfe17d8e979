import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import type { StorageStore } from '../../../shared/storage.ts';
import { explainStorageError, StorageError } from './storage-error.ts';

/**
 * How hard a COMMIT waits for the disk. In WAL mode both survive a killed or crashed process (a commit
 * is in the OS page cache before COMMIT returns); only `full` also survives a power loss or OS crash, by
 * fsyncing the WAL on every commit. `normal` can lose the last commits on power loss but never corrupts
 * the file (WAL is fsynced at checkpoints).
 */
export type SyncMode = 'full' | 'normal';

/**
 * After a checkpoint empties the WAL, SQLite cuts the file back to this size instead of leaving it as
 * large as the biggest burst made it.
 */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Opens (creating if needed) a SQLite file in WAL mode with the given durability, and checks it with
 * `PRAGMA quick_check`. A file that cannot be opened, written or read throws a StorageError that names it
 * and says what to do.
 */
export function openDatabase(file: string, sync: SyncMode, store: StorageStore): DatabaseSync {
  let db: DatabaseSync | undefined;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new DatabaseSync(file);
    // Another process (the CLI reading the log while `serve` writes) may hold the write lock briefly.
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
    db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    const problems = quickCheck(db);
    if (problems !== 'ok') throw new StorageError('corrupt', store, file, `quick_check: ${problems}`);
    return db;
  } catch (error) {
    db?.close();
    throw explainStorageError(error, store, file);
  }
}

/** `PRAGMA quick_check`: `ok`, or SQLite's list of problems joined by newlines (a few seconds per GB). */
export function quickCheck(db: DatabaseSync): string {
  const rows = db.prepare('PRAGMA quick_check').all();
  return rows.map((row) => String(Object.values(row)[0])).join('\n');
}

/** `PRAGMA integrity_check`: `ok`, or SQLite's list of problems joined by newlines. */
export function integrityCheck(db: DatabaseSync): string {
  const rows = db.prepare('PRAGMA integrity_check').all();
  return rows.map((row) => String(Object.values(row)[0])).join('\n');
}

/** A connection that only reads, and how to let go of it (and of a copy it may have read from). */
export interface ReadOnlyDatabase {
  db: DatabaseSync;
  close(): void;
}

function walBytes(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * Opens a SQLite file for reading only, without DDL and without writing it: so it works next to a running
 * writer, on a read-only folder and on a full disk. A plain read-only connection still needs the WAL's
 * shared-memory file; where that cannot be made (read-only folder, full disk) and no WAL is waiting to be
 * copied in, the file is opened as immutable; with a WAL waiting, both are read from a copy in the
 * system's temporary folder.
 */
export function openReadOnly(file: string, store: StorageStore): ReadOnlyDatabase {
  let first: unknown;
  try {
    const db = new DatabaseSync(file, { readOnly: true });
    db.exec('PRAGMA busy_timeout = 5000');
    db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').all();
    return { db, close: () => db.close() };
  } catch (error) {
    first = error;
  }
  try {
    if (walBytes(file) === 0) {
      const url = pathToFileURL(file);
      url.search = 'immutable=1';
      const db = new DatabaseSync(url, { readOnly: true });
      db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').all();
      return { db, close: () => db.close() };
    }
    const copyDir = mkdtempSync(join(tmpdir(), 'streamtray-read-'));
    const copy = join(copyDir, basename(file));
    copyFileSync(file, copy);
    copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = new DatabaseSync(copy, { readOnly: true });
    db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').all();
    return {
      db,
      close() {
        db.close();
        rmSync(copyDir, { recursive: true, force: true });
      },
    };
  } catch {
    // The first failure says more about the file than the fallbacks' do.
    throw explainStorageError(first, store, file);
  }
}
