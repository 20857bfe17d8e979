import { join } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { openDatabase } from '../store/sqlite-database.ts';

// Provider API calls per account and UTC day, kept in the data dir so that `serve`, the app, `check` and
// `report` count into one figure that survives restarts (WMSPanel allows 15,000 calls per account a day).
// Several processes may write at once: SQLite's lock serialises the increments.

export const CALL_LOG_FILE = 'provider-calls.sqlite';
const DAY_MS = 86_400_000;
/** Days kept: enough for "yesterday" questions, never a growing file. */
const KEEP_DAYS = 7;

export interface CallLog {
  /** Counts one call for `account` today and answers the day's total so far. */
  add(account: string, at: number): number;
  /** Calls made for `account` on the UTC day of `at`, by every process on this data dir. */
  count(account: string, at: number): number;
  close(): void;
}

export const utcDay = (at: number): number => Math.floor(at / DAY_MS);

export function openCallLog(dataDir: string): CallLog {
  const db = openDatabase(join(dataDir, CALL_LOG_FILE), 'normal');
  db.exec(`CREATE TABLE IF NOT EXISTS calls (
    account TEXT NOT NULL,
    day INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    PRIMARY KEY (account, day)
  ) WITHOUT ROWID`);
  return new SqliteCallLog(db);
}

class SqliteCallLog implements CallLog {
  readonly #db: DatabaseSync;
  readonly #add: StatementSync;
  readonly #count: StatementSync;
  readonly #prune: StatementSync;
  #prunedDay = -1;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#add = db.prepare(
      `INSERT INTO calls (account, day, calls) VALUES (?, ?, 1)
       ON CONFLICT (account, day) DO UPDATE SET calls = calls + 1 RETURNING calls`,
    );
    this.#count = db.prepare('SELECT calls FROM calls WHERE account = ? AND day = ?');
    this.#prune = db.prepare('DELETE FROM calls WHERE day < ?');
  }

  add(account: string, at: number): number {
    const day = utcDay(at);
    if (day !== this.#prunedDay) {
      this.#prunedDay = day;
      this.#prune.run(day - KEEP_DAYS);
    }
    const row = this.#add.get(account, day);
    return Number(row?.['calls'] ?? 1);
  }

  count(account: string, at: number): number {
    const row = this.#count.get(account, utcDay(at));
    return Number(row?.['calls'] ?? 0);
  }

  close(): void {
    this.#db.close();
  }
}

/** For a data dir that cannot hold the file (read-only, full): counts this process's calls only. */
export function memoryCallLog(): CallLog {
  const counts = new Map<string, number>();
  const key = (account: string, at: number) => `${utcDay(at)}|${account}`;
  return {
    add(account, at) {
      const next = (counts.get(key(account, at)) ?? 0) + 1;
      counts.set(key(account, at), next);
      return next;
    },
    count: (account, at) => counts.get(key(account, at)) ?? 0,
    close: () => counts.clear(),
  };
}
