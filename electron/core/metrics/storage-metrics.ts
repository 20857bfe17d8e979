import { Counter, Gauge, type Registry } from 'prom-client';
import type { Snapshot } from '../../../shared/bridge.ts';

// Whether the data files take writes, so a team alerts on it: while `streamtray_storage_ok` is 0 for the
// alert log, webhook deliveries are refused with 503. The failing file's path stays out (it names the
// operator's home directory); the store and the problem say enough to act.

export interface StorageMetrics {
  update(snapshot: Snapshot): void;
}

export function registerStorageMetrics(registry: Registry): StorageMetrics {
  const ok = new Gauge<'store' | 'problem'>({
    name: 'streamtray_storage_ok',
    help: '1 when the data files take writes; 0 with the failing store and problem.',
    labelNames: ['store', 'problem'],
    registers: [registry],
  });
  const dropped = new Counter({
    name: 'streamtray_history_writes_dropped_total',
    help: 'Polls whose chart samples could not be stored, since start.',
    registers: [registry],
  });
  let droppedShown = 0;
  return {
    update({ storage }) {
      ok.reset();
      if (storage.ok) ok.set(1);
      else ok.set({ store: storage.store ?? 'unknown', problem: storage.problem ?? 'unknown' }, 0);
      dropped.inc(Math.max(0, storage.droppedHistoryWrites - droppedShown));
      droppedShown = Math.max(droppedShown, storage.droppedHistoryWrites);
    },
  };
}
