import type { SecretStore } from './secret-store.ts';

/** A SecretStore held in memory: tests, the demo, and machines where nothing may be persisted. */
export class MemorySecretStore implements SecretStore {
  readonly #secrets = new Map<string, string>();

  constructor(initial: Iterable<readonly [string, string]> = []) {
    for (const [account, value] of initial) this.#secrets.set(account, value);
  }

  get(account: string): Promise<string | null> {
    return Promise.resolve(this.#secrets.get(account) ?? null);
  }

  set(account: string, value: string): Promise<void> {
    this.#secrets.set(account, value);
    return Promise.resolve();
  }

  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.#secrets.delete(account));
  }
}
