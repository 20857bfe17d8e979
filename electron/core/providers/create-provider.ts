import type { SourceConfig } from '../../../shared/config.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { SecretVault } from '../secrets/secret-vault.ts';
import type { Provider } from './provider.ts';
import { QiniuClient } from './qiniu/qiniu-client.ts';
import { ScaleEngineClient } from './scaleengine/scaleengine-client.ts';
import { WmspanelClient } from './wmspanel/wmspanel-client.ts';

export interface CreateProviderOptions {
  /** The config's request timeout; a source's own `timeoutSeconds` overrides it. */
  timeoutMs: number;
  http?: HttpClient | undefined;
  now?: (() => number) | undefined;
}

/** The client options every provider shares, with the source's own timeout taking precedence. */
function common(source: SourceConfig, options: CreateProviderOptions) {
  return {
    sourceId: source.id,
    baseUrl: source.baseUrl,
    timeoutMs: source.timeoutSeconds !== undefined ? source.timeoutSeconds * 1000 : options.timeoutMs,
    http: options.http,
    now: options.now,
  };
}

/** The WMSPanel client for a source, typed as such so `report daily` can ask for daily stats. */
export async function createWmspanelClient(
  source: Extract<SourceConfig, { provider: 'wmspanel' }>,
  vault: SecretVault,
  options: CreateProviderOptions,
): Promise<WmspanelClient> {
  return new WmspanelClient({
    ...common(source, options),
    clientId: source.clientId,
    apiKey: await vault.require(source, 'api'),
    dataSlice: source.dataSlice,
    server: source.server,
  });
}

/** The ScaleEngine client for a source, typed as such so reports can read its viewer.log history. */
export async function createScaleEngineClient(
  source: Extract<SourceConfig, { provider: 'scaleengine' }>,
  vault: SecretVault,
  options: CreateProviderOptions,
): Promise<ScaleEngineClient> {
  return new ScaleEngineClient({
    ...common(source, options),
    apiKey: source.apiKey,
    secretKey: await vault.require(source, 'api'),
    cdnId: source.cdnId,
    apps: source.apps,
    urls: source.urls,
  });
}

/** The Qiniu client for a source, typed as such so reports can read its 5-minute history. */
export async function createQiniuClient(
  source: Extract<SourceConfig, { provider: 'qiniu' }>,
  vault: SecretVault,
  options: CreateProviderOptions,
): Promise<QiniuClient> {
  return new QiniuClient({
    ...common(source, options),
    accessKey: source.accessKey,
    secretKey: await vault.require(source, 'api'),
    hub: source.hub,
  });
}

/**
 * The client for one configured source, with its API secret from the vault. A missing secret or a bad
 * baseUrl rejects with a `config` ProviderError, which `check` reports against that source alone.
 */
export async function createProvider(
  source: SourceConfig,
  vault: SecretVault,
  options: CreateProviderOptions,
): Promise<Provider> {
  switch (source.provider) {
    case 'wmspanel':
      return createWmspanelClient(source, vault, options);
    case 'scaleengine':
      return createScaleEngineClient(source, vault, options);
    case 'qiniu':
      return createQiniuClient(source, vault, options);
  }
}
