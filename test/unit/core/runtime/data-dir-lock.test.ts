import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DATA_DIR_LOCK_FILE,
  DataDirBusyError,
  lockDataDir,
} from '../../../../electron/core/runtime/data-dir-lock.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamtray-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('data directory lock', () => {
  it('holds the directory for this process and frees it on release', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, DATA_DIR_LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
    // Free again: the next one takes it.
    lockDataDir(dir).release();
  });

  it('keeps a second live process out, naming its pid, and leaves its lock alone', () => {
    const dir = tempDir();
    // The test runner's parent is alive and is not this process.
    const other = process.ppid;
    writeFileSync(join(dir, DATA_DIR_LOCK_FILE), `${other}\n`);
    let thrown: unknown;
    try {
      lockDataDir(dir);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataDirBusyError);
    expect((thrown as DataDirBusyError).pid).toBe(other);
    expect((thrown as Error).message).toContain(`in use by another Streamtray (pid ${other})`);
    expect((thrown as Error).message).toContain(dir);
    expect(readFileSync(join(dir, DATA_DIR_LOCK_FILE), 'utf8')).toBe(`${other}\n`);
    expect(readdirSync(dir)).toEqual([DATA_DIR_LOCK_FILE]);
  });

  it('takes over a lock left by a process that died, or one without a pid', () => {
    for (const leftover of [`${deadPid()}\n`, '']) {
      const dir = tempDir();
      writeFileSync(join(dir, DATA_DIR_LOCK_FILE), leftover);
      const lock = lockDataDir(dir);
      expect(readFileSync(join(dir, DATA_DIR_LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
      lock.release();
    }
  });

  it('does not remove a lock that another process took after this one let go', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    writeFileSync(join(dir, DATA_DIR_LOCK_FILE), `${process.ppid}\n`);
    lock.release();
    expect(existsSync(join(dir, DATA_DIR_LOCK_FILE))).toBe(true);
  });
});
