import { createEventListing, type LoggedEvent } from './alert-event-rows.ts';
import { alertLogPath } from './alert-log.ts';
import { openReadOnly } from './sqlite-database.ts';

// The alert log as `streamtray alerts` reads it: SELECTs only, no DDL and no writes, so it works while
// `serve` writes the same file, on a read-only data folder and on a full disk.

export interface AlertLogReader {
  readonly file: string;
  /** Events in the order they were logged, newest last; `sinceMs` filters on `receivedAt`. */
  list(filter?: { sinceMs?: number; limit?: number }): LoggedEvent[];
  close(): void;
}

/** Opens `<dataDir>/alerts.sqlite` for reading; throws a StorageError naming the file when it cannot. */
export function openAlertLogReader(dataDir: string): AlertLogReader {
  const file = alertLogPath(dataDir);
  const opened = openReadOnly(file, 'alert-log');
  try {
    const listing = createEventListing(opened.db);
    return { file, list: (filter) => listing.list(filter), close: () => opened.close() };
  } catch (error) {
    opened.close();
    throw error;
  }
}
