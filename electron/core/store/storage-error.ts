import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import type { StorageProblem, StorageStore } from '../../../shared/storage.ts';

// One typed error for every way a local SQLite file can fail, so the listener, the stores and the
// snapshot read the same four answers instead of SQLite's result codes (docs/storage.md).

// SQLite's primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
const SQLITE_PERM = 3;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

const ADVICE: Record<StorageProblem, string> = {
  full: 'the disk is full: free some space (storing resumes by itself)',
  'read-only':
    'the file or its folder is read-only: make the data folder writable for Streamtray (storing resumes by itself)',
  io: 'the disk reported an I/O error: check the disk and its free space (storing resumes by itself once writes work)',
  corrupt:
    'the database file is damaged: quit Streamtray, move the file aside (or restore a backup copy) and start again; a new empty file is created',
};

export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly problem: StorageProblem;
  readonly store: StorageStore;
  readonly file: string;
  /** SQLite's or the OS's own words, for the log. */
  readonly detail: string;

  constructor(
    problem: StorageProblem,
    store: StorageStore,
    file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${ADVICE[problem]} (${detail})`, options);
    this.problem = problem;
    this.store = store;
    this.file = file;
    this.detail = detail;
  }
}

function sqliteCode(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('errcode' in error)) return null;
  const code = error.errcode;
  return typeof code === 'number' ? code & 0xff : null;
}

function nodeCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

function folderWritable(file: string): boolean {
  try {
    accessSync(dirname(file), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What kind of storage failure `error` is, or null when it is not one (a bug, a constraint). */
export function storageProblemOf(error: unknown, file: string): StorageProblem | null {
  if (error instanceof StorageError) return error.problem;
  switch (sqliteCode(error)) {
    case SQLITE_FULL:
      return 'full';
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return 'read-only';
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return 'corrupt';
    case SQLITE_CANTOPEN:
      // SQLite cannot tell a missing permission from a broken disk here; the folder can.
      return folderWritable(file) ? 'io' : 'read-only';
    case SQLITE_IOERR:
      // A full disk often surfaces as a failed write or a failed -shm grow rather than SQLITE_FULL.
      return folderWritable(file) ? 'io' : 'read-only';
    default:
      break;
  }
  switch (nodeCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'full';
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return 'read-only';
    case 'EIO':
      return 'io';
    default:
      return null;
  }
}

/** `error` as a StorageError when it is a storage failure; null otherwise (then it is rethrown as is). */
export function asStorageError(error: unknown, store: StorageStore, file: string): StorageError | null {
  if (error instanceof StorageError) return error;
  const problem = storageProblemOf(error, file);
  if (problem === null) return null;
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError(problem, store, file, detail, { cause: error });
}

/** A storage failure as a StorageError, anything else unchanged: for rethrowing with the file named. */
export function explainStorageError(error: unknown, store: StorageStore, file: string): unknown {
  return asStorageError(error, store, file) ?? error;
}
