import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../shared/config.ts';
import { ConfigError } from './config-error.ts';
import type { ConfigStore } from './config-store.ts';

// Picks up edits of the config file made outside the running core (a text editor, another Streamtray
// command): the file is re-read shortly after it changes; a valid document is applied, an invalid one is
// reported and the running config kept, so a half-typed edit never stops monitoring.

const SETTLE_MS = 250;

export interface ConfigWatcher {
  close(): void;
}

export function watchConfigFile(options: {
  store: ConfigStore;
  apply: (config: Config) => void;
  log: (message: string) => void;
}): ConfigWatcher {
  const { store, apply, log } = options;
  const dir = path.dirname(store.path);
  const name = path.basename(store.path);
  let timer: NodeJS.Timeout | undefined;
  let lastProblem = '';

  function reload(): void {
    timer = undefined;
    try {
      const config = store.read();
      lastProblem = '';
      apply(config);
    } catch (error) {
      const message = error instanceof ConfigError ? error.message : String(error);
      // One report per distinct problem: an editor saving twice should not say it twice.
      if (message !== lastProblem) log(`${message}\n(the running config is kept until the file is valid)`);
      lastProblem = message;
    }
  }

  let watcher: FSWatcher | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    // The directory, not the file: atomic saves replace the file, which would end a watch on it.
    watcher = watch(dir, { persistent: false }, (_event, file) => {
      if (file !== null && file !== name) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, SETTLE_MS);
    });
    watcher.on('error', (error) => log(`stopped watching ${store.path}: ${error.message}`));
  } catch (error) {
    log(`cannot watch ${store.path} for changes (${String(error)}): edits apply after a restart`);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
