import type { Notice } from '../../../shared/notices.ts';
import type { StorageHealthChange } from './storage-health.ts';

/**
 * The one notice for a storage fault starting or ending. A failing alert log is critical (deliveries are
 * refused until it works), failing history a warning (only chart samples are lost).
 */
export function storageNotice(change: StorageHealthChange, at: number): Notice {
  if (change.kind === 'fault') {
    const { problem, store, file } = change.error;
    return {
      message: { kind: 'storage-fault', problem, store, file },
      severity: store === 'alert-log' ? 'critical' : 'warning',
      incidentIds: [],
      coalesced: false,
      at,
    };
  }
  return {
    message: {
      kind: 'storage-recovered',
      store: change.store,
      file: change.file,
      droppedHistoryWrites: change.droppedHistoryWrites,
    },
    severity: 'info',
    incidentIds: [],
    coalesced: false,
    at,
  };
}
