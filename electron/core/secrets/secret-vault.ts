import type { SourceConfig } from '../../../shared/config.ts';
import { ProviderError } from '../errors.ts';
import { KeychainError } from './keytar-secret-store.ts';
import { custodyKey } from './secret-custody.ts';
import type { SecretStore } from './secret-store.ts';

export const SECRET_KINDS = ['api', 'webhook', 'notify'] as const;
/**
 * `api`: WMSPanel api_key, ScaleEngine or Qiniu secret key. `webhook`: the WMSPanel notification token.
 * `notify`: a contact point's secret (signing key, incoming-webhook URL, bot token, password, routing key).
 */
export type SecretKind = (typeof SECRET_KINDS)[number];
/** The secrets a source has (a contact point's is `notify`). */
export type SourceSecretKind = Exclude<SecretKind, 'notify'>;

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

/** A source by id (the CLI, which runs one config) or as configured now (the running core). */
export type SourceRef = string | SourceConfig;

function idOf(source: SourceRef): string {
  return typeof source === 'string' ? source : source.id;
}

/**
 * Every source's secrets. An environment variable (headless machines, CI) wins over the keychain, and when
 * it is set the keychain is not asked at all, so a machine without one never waits on it.
 */
export class SecretVault {
  readonly #store: SecretStore;
  readonly #env: Readonly<Record<string, string | undefined>>;
  /** Per source id, what its environment secrets were given for; null until the core pins them. */
  #pinned: Map<string, Record<SourceSecretKind, string>> | null = null;

  constructor(store: SecretStore, env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#store = store;
    this.#env = env;
  }

  /**
   * Binds each environment secret to its source as configured now, at process start: a source later
   * repointed (another address, provider or account) no longer gets it, and neither does a source added
   * later. Only the first call counts, so a live config change cannot re-bind them.
   */
  pinEnvironment(sources: readonly SourceConfig[]): void {
    if (this.#pinned !== null) return;
    this.#pinned = new Map(
      sources.map((source) => [
        source.id,
        { api: custodyKey(source, 'api'), webhook: custodyKey(source, 'webhook') },
      ]),
    );
  }

  /** The environment variable is set, but was given for the source as it was configured at start. */
  #envWithheld(source: SourceRef, kind: SecretKind): boolean {
    if (typeof source === 'string' || this.#pinned === null || kind === 'notify') return false;
    return this.#pinned.get(source.id)?.[kind] !== custodyKey(source, kind);
  }

  #rawEnv(sourceId: string, kind: SecretKind): string | undefined {
    const value = this.#env[secretEnvName(sourceId, kind)];
    return value === undefined || value === '' ? undefined : value;
  }

  /**
   * The secret from the environment, if set there (empty counts as unset) and, for a configured source,
   * still meant for it (see pinEnvironment).
   */
  fromEnv(source: SourceRef, kind: SecretKind): string | undefined {
    const value = this.#rawEnv(idOf(source), kind);
    if (value === undefined || this.#envWithheld(source, kind)) return undefined;
    return value;
  }

  async get(source: SourceRef, kind: SecretKind): Promise<string | null> {
    return this.fromEnv(source, kind) ?? (await this.#store.get(secretAccount(idOf(source), kind)));
  }

  /** What the keychain alone holds, for a save that must be undone if the config cannot be written. */
  stored(sourceId: string, kind: SecretKind): Promise<string | null> {
    return this.#store.get(secretAccount(sourceId, kind));
  }

  /**
   * The secret, or a `config` ProviderError telling the operator how to provide it. Keychain failures are
   * `config` errors too: only the operator can fix them, and the source's other checks still run.
   */
  async require(source: SourceRef, kind: SecretKind): Promise<string> {
    const sourceId = idOf(source);
    let value: string | null;
    try {
      value = await this.get(source, kind);
    } catch (error) {
      if (error instanceof KeychainError) throw new ProviderError('config', error.message);
      throw error;
    }
    if (value !== null && value !== '') return value;
    const flag = kind === 'api' ? '' : ` --kind ${kind}`;
    if (this.#rawEnv(sourceId, kind) !== undefined && this.#envWithheld(source, kind)) {
      throw new ProviderError(
        'config',
        `${secretEnvName(sourceId, kind)} was given for source "${sourceId}" as configured when Streamtray ` +
          `started, and the source now points at another address, provider or account: enter the ` +
          `${DESCRIPTION[kind]} again in the source's settings, or restart with the variable meant for it`,
      );
    }
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
