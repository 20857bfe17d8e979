import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { startWalCheckpointer } from '../../../../electron/core/store/wal-checkpointer.ts';
import { openDatabase } from '../../../../electron/core/store/sqlite-database.ts';
import { useTempAlertLogs } from '../../../helpers/temp-alert-logs.ts';

const temp = useTempAlertLogs();

/** Rows a copy of the database file alone holds: what a checkpoint has moved out of the WAL. */
function rowsInMainFile(file: string): number {
  const copy = `${file}.copy`;
  copyFileSync(file, copy);
  const db = new DatabaseSync(copy);
  try {
    // Before the first checkpoint even the table exists only in the WAL.
    const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 't'").get() !== undefined;
    return exists ? Number(db.prepare('SELECT count(*) AS n FROM t').get()?.['n'] ?? 0) : 0;
  } finally {
    db.close();
  }
}

async function until(check: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function writer(file: string): DatabaseSync {
  const db = openDatabase(file, 'normal');
  db.exec('PRAGMA wal_autocheckpoint = 0');
  db.exec('CREATE TABLE IF NOT EXISTS t (x)');
  return db;
}

describe('WAL checkpointer', () => {
  it('moves committed writes into the database file from its own thread', async () => {
    const file = join(temp.dir(), 'a.sqlite');
    const db = writer(file);
    const checkpointer = startWalCheckpointer({ everyMs: 20 });
    try {
      checkpointer.add(file);
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      for (let i = 0; i < 500; i += 1) insert.run(i);
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
      await until(() => rowsInMainFile(file) === 500);
    } finally {
      await checkpointer.remove(file);
      await checkpointer.close();
      db.close();
    }
  });

  it('goes on checkpointing on the main thread when its thread dies, and says so', async () => {
    const file = join(temp.dir(), 'b.sqlite');
    const db = writer(file);
    const errors: string[] = [];
    const checkpointer = startWalCheckpointer({
      everyMs: 20,
      workerSource: "throw new Error('thread failed');",
      onError: (_f, m) => errors.push(m),
    });
    try {
      checkpointer.add(file);
      db.prepare('INSERT INTO t VALUES (?)').run(1);
      await until(() => errors.length > 0);
      expect(errors[0]).toMatch(/checkpoint thread stopped/);
      await until(() => rowsInMainFile(file) === 1);
    } finally {
      await checkpointer.close();
      db.close();
    }
  });
});
