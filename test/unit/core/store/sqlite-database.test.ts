import { mkdirSync, openSync, closeSync, writeSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openAlertLog } from '../../../../electron/core/store/alert-log.ts';
import { openHistoryStore } from '../../../../electron/core/store/history/history-store.ts';
import { StorageError, storageProblemOf } from '../../../../electron/core/store/storage-error.ts';
import { canMount, mountSmallDisk, NEEDS_ROOT, type SmallDisk } from '../../../helpers/small-disk.ts';

// Opening a store checks its file (PRAGMA quick_check) and says, naming the file, what is wrong with it
// and what to do: a damaged file is moved aside or restored, a read-only folder made writable.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamtray-db-'));
  dirs.push(dir);
  return dir;
}

/** A real database whose table pages are then overwritten in the middle: the header stays valid. */
function damagedDatabase(file: string): void {
  const db = new DatabaseSync(file);
  db.exec('CREATE TABLE alert_events (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.prepare('INSERT INTO alert_events (body) VALUES (?)');
  db.exec('BEGIN');
  for (let i = 0; i < 400; i += 1) insert.run(`event ${i} ${'x'.repeat(100)}`);
  db.exec('COMMIT');
  db.close();
  const fd = openSync(file, 'r+');
  try {
    const size = statSync(file).size;
    // Page 3 onwards: b-tree pages of the table, scribbled over.
    for (let at = 2 * 4096; at < size; at += 4096) writeSync(fd, Buffer.alloc(64, 0xa7), 0, 64, at);
  } finally {
    closeSync(fd);
  }
}

describe('opening a store file', () => {
  it('refuses a damaged alert log with a message that names the file and says to move it aside', () => {
    const dir = tempDir();
    const file = join(dir, 'alerts.sqlite');
    damagedDatabase(file);
    let caught: unknown;
    try {
      openAlertLog(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StorageError);
    expect(caught).toMatchObject({ problem: 'corrupt', store: 'alert-log', file });
    expect(String((caught as Error).message)).toContain(file);
    expect(String((caught as Error).message)).toMatch(/move the file aside \(or restore a backup copy\)/);
  });

  it('refuses a file that is not a database at all, for history too', () => {
    const dir = tempDir();
    const file = join(dir, 'history.sqlite');
    const fd = openSync(file, 'w');
    writeSync(fd, Buffer.alloc(8192, 0x41));
    closeSync(fd);
    expect(() => openHistoryStore({ file })).toThrow(StorageError);
    expect(() => openHistoryStore({ file })).toThrow(/history\.sqlite: the database file is damaged/);
  });

  it('reads SQLite and OS error codes as the four problems', () => {
    const file = join(tempDir(), 'x.sqlite');
    expect(storageProblemOf({ errcode: 13 }, file)).toBe('full');
    expect(storageProblemOf({ errcode: 8 | (1 << 8) }, file)).toBe('read-only');
    expect(storageProblemOf({ errcode: 11 }, file)).toBe('corrupt');
    expect(storageProblemOf({ errcode: 26 }, file)).toBe('corrupt');
    expect(storageProblemOf({ errcode: 10 | (3 << 8) }, file)).toBe('io');
    expect(storageProblemOf({ code: 'ENOSPC' }, file)).toBe('full');
    expect(storageProblemOf({ code: 'EROFS' }, file)).toBe('read-only');
    // A constraint or a bug is not a storage fault: it keeps its own error.
    expect(storageProblemOf({ errcode: 19 }, file)).toBeNull();
    expect(storageProblemOf(new Error('boom'), file)).toBeNull();
  });

  describe.skipIf(!canMount)(`on a read-only folder (${NEEDS_ROOT})`, () => {
    let disk: SmallDisk;
    afterEach(() => {
      disk.writable();
      disk.remove();
    });

    it('says the folder is read-only and names the file, for a new log and an existing one', () => {
      disk = mountSmallDisk(1024);
      mkdirSync(join(disk.dir, 'existing'));
      openAlertLog(join(disk.dir, 'existing')).close();
      disk.readOnly();
      for (const dir of [disk.dir, join(disk.dir, 'existing')]) {
        let caught: unknown;
        try {
          openAlertLog(dir);
        } catch (error) {
          caught = error;
        }
        expect(caught).toMatchObject({ problem: 'read-only', file: join(dir, 'alerts.sqlite') });
        expect(String((caught as Error).message)).toMatch(/make the data folder writable/);
      }
    });
  });
});
