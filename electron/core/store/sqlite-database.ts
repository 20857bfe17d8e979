import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * How hard a COMMIT waits for the disk. In WAL mode both survive a killed or crashed process (a commit
 * is in the OS page cache before COMMIT returns); only `full` also survives a power loss or OS crash, by
 * fsyncing the WAL on every commit. `normal` can lose the last commits on power loss but never corrupts
 * the file (WAL is fsynced at checkpoints).
 */
export type SyncMode = 'full' | 'normal';

/** Opens (creating if needed) a SQLite file in WAL mode with the given durability. */
export function openDatabase(file: string, sync: SyncMode): DatabaseSync {
  mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  // Another process (the CLI reading the log while `serve` writes) may hold the write lock briefly.
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  return db;
}

/** `PRAGMA integrity_check`: `ok`, or SQLite's list of problems joined by newlines. */
export function integrityCheck(db: DatabaseSync): string {
  const rows = db.prepare('PRAGMA integrity_check').all();
  return rows.map((row) => String(Object.values(row)[0])).join('\n');
}
