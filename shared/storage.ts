import { z } from 'zod';

// The health of the core's local files, as the Snapshot carries it and storage notices name it.

/** Why the data dir's files cannot be written or read (docs/storage.md says what to do for each). */
export const storageProblemSchema = z.enum(['full', 'read-only', 'io', 'corrupt']);
export type StorageProblem = z.infer<typeof storageProblemSchema>;

/** Which local store a storage problem hits: the alert log refuses deliveries, history drops samples. */
export const storageStoreSchema = z.enum(['alert-log', 'history', 'contact-outbox', 'provider-calls']);
export type StorageStore = z.infer<typeof storageStoreSchema>;

/** Whether the core can store what it receives, and what it had to drop meanwhile. */
export const storageStateSchema = z.object({
  ok: z.boolean(),
  problem: storageProblemSchema.nullable(),
  store: storageStoreSchema.nullable(),
  /** The file that failed, so the operator knows what to free, move aside or restore. */
  file: z.string().nullable(),
  /** Chart samples that could not be stored since the start (never alert events: those get a 503). */
  droppedHistoryWrites: z.number().int().nonnegative(),
});
export type StorageState = z.infer<typeof storageStateSchema>;

/** Every store taking writes, nothing dropped: how a core starts. */
export const STORAGE_OK: StorageState = {
  ok: true,
  problem: null,
  store: null,
  file: null,
  droppedHistoryWrites: 0,
};
