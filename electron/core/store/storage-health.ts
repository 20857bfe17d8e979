import type { StorageState, StorageStore } from '../../../shared/storage.ts';
import type { StorageError } from './storage-error.ts';

// Where the stores report whether their last write worked. The aggregator reads it into the Snapshot
// and the core turns its changes into one notice when a fault starts and one when it ends.

export type StorageHealthChange =
  | { kind: 'fault'; error: StorageError }
  | { kind: 'recovered'; store: StorageStore; file: string; droppedHistoryWrites: number };

export interface StorageHealth {
  /** A write to `error.file` failed; repeated reports of a known fault change nothing. */
  failed(error: StorageError): void;
  /** A write to the store succeeded: ends its fault, if it had one. */
  worked(store: StorageStore): void;
  /** A history write was given up (the poll's samples are lost, the process goes on). */
  droppedHistoryWrite(): void;
  state(): StorageState;
  /** Hears each fault start and end; returns the unsubscribe. */
  onChange(listener: (change: StorageHealthChange) => void): () => void;
}

/** The alert log's fault outranks history's: it refuses deliveries, history only loses chart points. */
const RANK: Record<StorageStore, number> = {
  'alert-log': 0,
  'contact-outbox': 1,
  history: 2,
  'provider-calls': 3,
};

export function createStorageHealth(): StorageHealth {
  const faults = new Map<StorageStore, StorageError>();
  const listeners = new Set<(change: StorageHealthChange) => void>();
  let dropped = 0;
  /** Drops counted when the current history fault began, for the recovery notice. */
  let droppedAtFault = 0;

  function tell(change: StorageHealthChange): void {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch {
        // A failing listener (a notifier) must not turn a store's report into a new fault.
      }
    }
  }

  return {
    failed(error) {
      const known = faults.get(error.store);
      faults.set(error.store, error);
      if (known?.problem === error.problem && known.file === error.file) return;
      if (error.store === 'history' && !known) droppedAtFault = dropped;
      tell({ kind: 'fault', error });
    },
    worked(store) {
      const known = faults.get(store);
      if (!known) return;
      faults.delete(store);
      tell({
        kind: 'recovered',
        store,
        file: known.file,
        droppedHistoryWrites: store === 'history' ? dropped - droppedAtFault : 0,
      });
    },
    droppedHistoryWrite() {
      dropped += 1;
    },
    state() {
      const worst = [...faults.values()].sort((a, b) => RANK[a.store] - RANK[b.store])[0];
      return {
        ok: worst === undefined,
        problem: worst?.problem ?? null,
        store: worst?.store ?? null,
        file: worst?.file ?? null,
        droppedHistoryWrites: dropped,
      };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** For stores opened without a holder (tests, the CLI): reports go nowhere. */
export const ignoredStorageHealth: Pick<StorageHealth, 'failed' | 'worked' | 'droppedHistoryWrite'> = {
  failed: () => {},
  worked: () => {},
  droppedHistoryWrite: () => {},
};

export type StorageReports = Pick<StorageHealth, 'failed' | 'worked' | 'droppedHistoryWrite'>;
