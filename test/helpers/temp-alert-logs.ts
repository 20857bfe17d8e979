import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openAlertLog, type AlertLog, type AlertLogOptions } from '../../electron/core/store/alert-log.ts';

export interface TempAlertLogs {
  /** A fresh data directory, removed after the test. */
  dir: () => string;
  /** Opens the alert log in `dir` (a fresh one by default); closed after the test. */
  open: (dir?: string, checkpoints?: AlertLogOptions['checkpoints']) => { log: AlertLog; dir: string };
  /** Closes a log now, as a stopped (or killed) app leaves it, so the test can reopen its directory. */
  close: (log: AlertLog) => void;
}

/** Alert logs in temporary data directories, closed and removed after each test. */
export function useTempAlertLogs(): TempAlertLogs {
  const dirs: string[] = [];
  const logs: AlertLog[] = [];
  afterEach(() => {
    for (const log of logs.splice(0)) log.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const dir = () => {
    const made = mkdtempSync(join(tmpdir(), 'streamtray-alerts-'));
    dirs.push(made);
    return made;
  };
  return {
    dir,
    open(where = dir(), checkpoints) {
      const log = openAlertLog(where, checkpoints ? { checkpoints } : {});
      logs.push(log);
      return { log, dir: where };
    },
    close(log) {
      const index = logs.indexOf(log);
      if (index >= 0) logs.splice(index, 1);
      log.close();
    },
  };
}
