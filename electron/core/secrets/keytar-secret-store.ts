import type { SecretStore } from './secret-store.ts';

export const KEYCHAIN_SERVICE = 'streamtray';
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000;

/** The part of @github/keytar we use. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarSecretStoreOptions {
  service?: string;
  timeoutMs?: number;
  /** Loads keytar; injected by tests to stand in for a keychain that never answers. */
  load?: () => Promise<KeytarApi>;
}

const HEADLESS_HINT = 'On a headless machine set STREAMTRAY_SECRET_<ID> instead';

/** The OS keychain could not be used. The message says why and what to do; it never holds a secret. */
export class KeychainError extends Error {
  override readonly name = 'KeychainError';
}

async function loadKeytar(): Promise<KeytarApi> {
  // keytar is a CommonJS native module: its functions arrive on `default` and, usually, as named exports.
  const module = (await import('@github/keytar')) as Partial<KeytarApi> & { default?: KeytarApi };
  const api = module.default ?? module;
  if (typeof api.getPassword !== 'function') throw new Error('unexpected module shape');
  return api as KeytarApi;
}

/** Keeps only the library's own words: a keychain message could in theory echo what it was given. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

/**
 * Secrets in the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) under
 * service `streamtray`. keytar is loaded on first use, so a machine where its native module is missing
 * still runs everything that needs no secret. Every call is raced against a timeout: a Secret Service
 * that is installed but stuck (no unlock prompt possible) would otherwise hang the CLI.
 */
export class KeytarSecretStore implements SecretStore {
  readonly #service: string;
  readonly #timeoutMs: number;
  readonly #load: () => Promise<KeytarApi>;
  #api: Promise<KeytarApi> | undefined;

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.#service = options.service ?? KEYCHAIN_SERVICE;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
    this.#load = options.load ?? loadKeytar;
  }

  get(account: string): Promise<string | null> {
    return this.#call('read', (api) => api.getPassword(this.#service, account));
  }

  set(account: string, value: string): Promise<void> {
    return this.#call('store', (api) => api.setPassword(this.#service, account, value));
  }

  delete(account: string): Promise<boolean> {
    return this.#call('delete', (api) => api.deletePassword(this.#service, account));
  }

  #keytar(): Promise<KeytarApi> {
    this.#api ??= this.#load().catch((error: unknown) => {
      this.#api = undefined;
      throw new KeychainError(
        `the OS keychain module (@github/keytar) could not be loaded (${describe(error)}): ` +
          `reinstall with "npm rebuild @github/keytar". ${HEADLESS_HINT}`,
      );
    });
    return this.#api;
  }

  async #call<T>(what: string, operation: (api: KeytarApi) => Promise<T>): Promise<T> {
    const api = await this.#keytar();
    let timer: NodeJS.Timeout | undefined;
    const seconds = Math.round((this.#timeoutMs / 1000) * 10) / 10;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new KeychainError(
            `the OS keychain did not answer within ${seconds} s — is a Secret Service (gnome-keyring, KWallet) ` +
              `running? ${HEADLESS_HINT}`,
          ),
        );
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([
        operation(api).catch((error: unknown) => {
          throw new KeychainError(
            `could not ${what} the secret in the OS keychain: ${describe(error)}. ${HEADLESS_HINT}`,
          );
        }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
