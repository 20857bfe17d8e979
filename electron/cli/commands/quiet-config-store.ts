import type { ConfigStore } from '../../core/config/config-store.ts';

// `conf` writes through `atomically`, whose `when-exit` hooks every signal at import and, on SIGTERM or
// SIGINT, re-sends the signal to the process after its own clean-up. For a long-running `serve` that turns
// one Ctrl-C into two, and the second one exits at once, mid-shutdown. The store is loaded here with those
// signal hooks taken off again: serve's own handler shuts down cleanly (conf's writes are atomic renames,
// so nothing is left half-written), and `exit` hooks are kept.

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGBREAK', 'SIGUSR2'];

export async function openQuietConfigStore(file: string): Promise<ConfigStore> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { ConfigStore: Store } = await import('../../core/config/config-store.ts');
  const store = new Store(file);
  // conf is imported lazily inside the store's module graph: force it now, while we are watching.
  await import('conf');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  return store;
}
