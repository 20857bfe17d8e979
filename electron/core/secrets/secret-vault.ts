import { ProviderError } from '../errors.ts';
import { KeychainError } from './keytar-secret-store.ts';
import type { SecretStore } from './secret-store.ts';

export const SECRET_KINDS = ['api', 'webhook', 'notify'] as const;
/**
 * `api`: WMSPanel api_key, ScaleEngine or Qiniu secret key. `webhook`: the WMSPanel notification token.
 * `notify`: a contact point's secret (signing key, incoming-webhook URL, bot token, password, routing key).
 */
export type SecretKind = (typeof SECRET_KINDS)[number];

const ENV_PREFIX: Record<SecretKind, string> = {
  api: 'STREAMTRAY_SECRET_',
  webhook: 'STREAMTRAY_WEBHOOK_TOKEN_',
  notify: 'STREAMTRAY_NOTIFY_SECRET_',
};

const DESCRIPTION: Record<SecretKind, string> = {
  api: 'API secret',
  webhook: 'webhook token',
  notify: 'secret',
};

/** The keychain account: `<sourceId>:api`, `<sourceId>:webhook` or `<pointId>:notify`. */
export function secretAccount(sourceId: string, kind: SecretKind): string {
  return `${sourceId}:${kind}`;
}

/** `pili-eu` → `STREAMTRAY_SECRET_PILI_EU`: upper-cased, every character outside A-Z0-9 turned into `_`. */
export function secretEnvName(sourceId: string, kind: SecretKind): string {
  return ENV_PREFIX[kind] + sourceId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * Every source's secrets. An environment variable (headless machines, CI) wins over the keychain, and when
 * it is set the keychain is not asked at all, so a machine without one never waits on it.
 */
export class SecretVault {
  readonly #store: SecretStore;
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(store: SecretStore, env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#store = store;
    this.#env = env;
  }

  /** The secret from the environment, if set there (empty counts as unset). */
  fromEnv(sourceId: string, kind: SecretKind): string | undefined {
    const value = this.#env[secretEnvName(sourceId, kind)];
    return value === undefined || value === '' ? undefined : value;
  }

  async get(sourceId: string, kind: SecretKind): Promise<string | null> {
    return this.fromEnv(sourceId, kind) ?? (await this.#store.get(secretAccount(sourceId, kind)));
  }

  /**
   * The secret, or a `config` ProviderError telling the operator how to provide it. Keychain failures are
   * `config` errors too: only the operator can fix them, and the source's other checks still run.
   */
  async require(sourceId: string, kind: SecretKind): Promise<string> {
    let value: string | null;
    try {
      value = await this.get(sourceId, kind);
    } catch (error) {
      if (error instanceof KeychainError) throw new ProviderError('config', error.message);
      throw error;
    }
    if (value !== null && value !== '') return value;
    const flag = kind === 'api' ? '' : ` --kind ${kind}`;
    throw new ProviderError(
      'config',
      `no ${DESCRIPTION[kind]} for ${kind === 'notify' ? 'contact point' : 'source'} "${sourceId}": run "streamtray secret set ${sourceId}${flag}" ` +
        `or set ${secretEnvName(sourceId, kind)}`,
    );
  }

  set(sourceId: string, kind: SecretKind, value: string): Promise<void> {
    return this.#store.set(secretAccount(sourceId, kind), value);
  }

  delete(sourceId: string, kind: SecretKind): Promise<boolean> {
    return this.#store.delete(secretAccount(sourceId, kind));
  }
}
