// Run as a script inside a D-Bus session (see keytar-secret-store.test.ts): stores, reads and deletes one
// secret through KeytarSecretStore and prints what it saw as one JSON line. It always exits by itself, so a
// keychain that never answers shows up as the store's timeout error rather than a hung test.
import { KeytarSecretStore } from '../../electron/core/secrets/keytar-secret-store.ts';

const account = process.env['PROBE_ACCOUNT'] ?? 'probe:api';
const value = process.env['PROBE_VALUE'] ?? 'probe-value';
const store = new KeytarSecretStore({ timeoutMs: Number(process.env['PROBE_TIMEOUT_MS'] ?? 5000) });

let result: Record<string, unknown>;
try {
  const before = await store.get(account);
  await store.set(account, value);
  const got = await store.get(account);
  const deleted = await store.delete(account);
  const after = await store.get(account);
  const deletedAgain = await store.delete(account);
  result = { ok: true, before, got, deleted, after, deletedAgain };
} catch (error) {
  result = { ok: false, name: (error as Error).name, message: (error as Error).message };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
