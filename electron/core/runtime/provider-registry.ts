import type { Config, SourceConfig, WmspanelSourceConfig } from '../../../shared/config.ts';
import type { CallCounter } from '../budget/call-counter.ts';
import type { Clock } from '../clock.ts';
import type { HttpClient } from '../http/http-client.ts';
import {
  createProvider,
  createWmspanelClient,
  type CreateProviderOptions,
} from '../providers/create-provider.ts';
import type { Provider } from '../providers/provider.ts';
import type { WmspanelClient } from '../providers/wmspanel/wmspanel-client.ts';
import type { SecretVault } from '../secrets/secret-vault.ts';
import { describeError } from './pending-writes.ts';

// One provider client per source, rebuilt when the source's config, its secrets or the request timeout
// change; every request it makes is counted against the source's account. Also holds the WMSPanel
// notification tokens the webhook listener checks deliveries against.

export interface ProviderRegistryOptions {
  config: () => Config;
  vault: SecretVault;
  http: HttpClient;
  counter: CallCounter;
  clock: Clock;
  log: (message: string) => void;
}

export class ProviderRegistry {
  readonly #options: ProviderRegistryOptions;
  readonly #providers = new Map<string, { fingerprint: string; provider: Promise<Provider> }>();
  readonly #secretGeneration = new Map<string, number>();
  readonly #webhookTokens = new Map<string, string | undefined>();
  /** Requests this process made per source, to learn what one poll costs. */
  readonly #requests = new Map<string, number>();

  constructor(options: ProviderRegistryOptions) {
    this.#options = options;
  }

  /** Changes whenever the source's config, its secrets or the request timeout change. */
  fingerprintOf(source: SourceConfig): string {
    const generation = this.#secretGeneration.get(source.id) ?? 0;
    return `${JSON.stringify(source)}#${generation}#${this.#options.config().requestTimeoutSeconds}`;
  }

  /** The options a source's client is made with: its counted HTTP client, the timeout, the clock. */
  clientOptions(source: SourceConfig): CreateProviderOptions {
    const { counter, http, clock, config } = this.#options;
    const counted = counter.wrap(source, http);
    return {
      timeoutMs: config().requestTimeoutSeconds * 1000,
      http: (request, options) => {
        this.#requests.set(source.id, (this.#requests.get(source.id) ?? 0) + 1);
        return counted(request, options);
      },
      now: () => clock.now(),
    };
  }

  providerFor(source: SourceConfig): Promise<Provider> {
    const fingerprint = this.fingerprintOf(source);
    const cached = this.#providers.get(source.id);
    if (cached?.fingerprint === fingerprint) return cached.provider;
    const provider = createProvider(source, this.#options.vault, this.clientOptions(source));
    // A missing secret is retried on the next ask, not remembered forever.
    provider.catch(() => {
      if (this.#providers.get(source.id)?.provider === provider) this.#providers.delete(source.id);
    });
    this.#providers.set(source.id, { fingerprint, provider });
    return provider;
  }

  /** A fresh WMSPanel client for daily stats (the cache in front of it limits the calls). */
  wmspanelClient(source: WmspanelSourceConfig): Promise<WmspanelClient> {
    return createWmspanelClient(source, this.#options.vault, this.clientOptions(source));
  }

  /** Requests made for the source by this process so far. */
  requestsMade(sourceId: string): number {
    return this.#requests.get(sourceId) ?? 0;
  }

  forget(sourceId: string): void {
    this.#providers.delete(sourceId);
  }

  /** The source's secrets changed: its next poll builds a new client (and lifts an auth hold). */
  secretsChanged(sourceId: string): void {
    this.#secretGeneration.set(sourceId, (this.#secretGeneration.get(sourceId) ?? 0) + 1);
    this.#providers.delete(sourceId);
  }

  /** The notification token of a WMSPanel source; null for a source that takes no webhooks. */
  webhookToken(sourceId: string): string | undefined | null {
    return this.#webhookTokens.has(sourceId) ? this.#webhookTokens.get(sourceId) : null;
  }

  /** Reads every WMSPanel source's notification token; an unreadable one is logged and left unset. */
  async loadWebhookTokens(): Promise<void> {
    const next = new Map<string, string | undefined>();
    for (const source of this.#options.config().sources) {
      if (source.provider !== 'wmspanel') continue;
      try {
        next.set(source.id, (await this.#options.vault.get(source, 'webhook')) ?? undefined);
      } catch (error) {
        this.#options.log(`cannot read the webhook token of source "${source.id}": ${describeError(error)}`);
        next.set(source.id, undefined);
      }
    }
    this.#webhookTokens.clear();
    for (const [id, token] of next) this.#webhookTokens.set(id, token);
  }
}
