import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A real small disk for storage-fault tests: a tmpfs mounted on a fresh directory, which a test fills to
// the last byte, frees again, or remounts read-only. Mounting needs root (CI runs as root); elsewhere
// the tests that need it are skipped with that reason.

export const canMount = process.getuid?.() === 0;
export const NEEDS_ROOT = 'skipped unless root: mounts a small tmpfs; CI runs as root';

export interface SmallDisk {
  readonly dir: string;
  /** Writes a filler file until the disk refuses another byte. */
  fill(): void;
  /** Deletes the filler. */
  free(): void;
  readOnly(): void;
  writable(): void;
  /** Unmounts and removes the mount point. */
  remove(): void;
}

export function mountSmallDisk(sizeKb = 2048): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'streamtray-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  let fillers = 0;
  return {
    dir,
    fill() {
      const fd = openSync(join(dir, `filler-${(fillers += 1)}.bin`), 'w');
      try {
        // Big blocks first, then ever smaller ones, so not even a page is left.
        for (let block = 256 * 1024; block >= 1; block = Math.floor(block / 2)) {
          const bytes = Buffer.alloc(block, 0x55);
          for (;;) {
            try {
              writeSync(fd, bytes);
            } catch {
              break;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      for (let n = 1; n <= fillers; n += 1) rmSync(join(dir, `filler-${n}.bin`), { force: true });
    },
    readOnly() {
      execFileSync('mount', ['-o', 'remount,ro', dir]);
    },
    writable() {
      execFileSync('mount', ['-o', 'remount,rw', dir]);
    },
    remove() {
      try {
        execFileSync('umount', ['-l', dir]);
      } finally {
        rmdirSync(dir);
      }
    },
  };
}
