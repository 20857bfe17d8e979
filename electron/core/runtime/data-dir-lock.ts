import { linkSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// One running core per data directory. The core keeps open incidents in memory and is the only writer of
// the alert log's incidents, so a second `serve` (or the app and a `serve`) on the same directory would
// each act on a stale picture: duplicate notices, incidents closed twice. A lock file holding the owner's
// pid keeps the second one out with a clear message; a file left by a process that died is taken over.

export const DATA_DIR_LOCK_FILE = 'streamtray.lock';

export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError';
  readonly lockFile: string;
  readonly pid: number;

  constructor(lockFile: string, pid: number) {
    super(
      `the data directory ${dirname(lockFile)} is in use by another Streamtray (pid ${pid}): stop that one ` +
        'first, or give this one a directory of its own (--data-dir or STREAMTRAY_DATA_DIR); if that pid ' +
        `is not Streamtray, delete ${lockFile}`,
    );
    this.lockFile = lockFile;
    this.pid = pid;
  }
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock file, if it is still this process's. */
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a lock file, or null when the file is gone or does not hold one (a torn write). */
function ownerOf(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Takes `<dataDir>/streamtray.lock` for this process, creating the directory if needed. Throws
 * DataDirBusyError while a live process holds it.
 */
export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DATA_DIR_LOCK_FILE);
  // The file appears with the pid already in it (written aside, then hard-linked into place, which fails
  // if the name exists), so a reader never sees an empty lock. Two tries: a stale file is removed once;
  // losing the race to re-create it means someone else holds it now.
  const draft = `${file}.${pid}`;
  writeFileSync(draft, `${pid}\n`);
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        linkSync(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = ownerOf(file);
        if (owner !== null && owner !== pid && isAlive(owner)) throw new DataDirBusyError(file, owner);
        if (attempt > 0) throw new DataDirBusyError(file, owner ?? 0);
        rmSync(file, { force: true });
      }
    }
  } finally {
    rmSync(draft, { force: true });
  }
  let held = true;
  return {
    file,
    release() {
      if (!held) return;
      held = false;
      if (ownerOf(file) === pid) unlinkSync(file);
    },
  };
}
