import { describe, expect, it } from 'vitest';
import type { BridgeHandlers } from '../../../../shared/bridge.ts';
import { configSchema, type Config, type SourceConfig } from '../../../../shared/config.ts';
import {
  createBridgeHandlers,
  type HandlerContext,
} from '../../../../electron/core/bridge/bridge-handlers.ts';
import { invokeBridge } from '../../../../electron/core/bridge/invoke-bridge.ts';
import { ProviderError } from '../../../../electron/core/errors.ts';
import { KeychainError, KeytarSecretStore } from '../../../../electron/core/secrets/keytar-secret-store.ts';
import { MemorySecretStore } from '../../../../electron/core/secrets/memory-secret-store.ts';
import type { SecretStore } from '../../../../electron/core/secrets/secret-store.ts';
import { SecretVault } from '../../../../electron/core/secrets/secret-vault.ts';

// sources / saveSource / deleteSource as the dashboard calls them: secrets follow a source only while it
// points where they were given for, and a keychain that fails never leaves the config and the secrets
// disagreeing.

const WMS: SourceConfig = {
  id: 'wms',
  provider: 'wmspanel',
  clientId: 'client-1',
  baseUrl: 'https://api.wmspanel.com/v1/',
};
const PILI: SourceConfig = { id: 'pili', provider: 'qiniu', accessKey: 'AK-1', hub: 'live' };

/** A keychain that fails the way keytar does without a Secret Service, from a chosen call on. */
class FlakyKeychain implements SecretStore {
  readonly inner = new MemorySecretStore();
  failing: 'never' | 'always' | 'writes' = 'never';
  /** The one write (1-based) that times out, as a keychain that stalls once. */
  failingWrite = 0;
  #writes = 0;

  #check(write: boolean): void {
    if (this.failing === 'always' || (write && this.failing === 'writes')) {
      throw new KeychainError(
        'could not store the secret in the OS keychain: Cannot autolaunch D-Bus without X11 $DISPLAY',
      );
    }
    if (write && ++this.#writes === this.failingWrite) {
      throw new KeychainError('the OS keychain did not answer within 5 s');
    }
  }

  async get(account: string): Promise<string | null> {
    this.#check(false);
    return this.inner.get(account);
  }

  async set(account: string, value: string): Promise<void> {
    this.#check(true);
    await this.inner.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    this.#check(true);
    return this.inner.delete(account);
  }
}

function setup(
  options: { sources?: SourceConfig[]; env?: Record<string, string>; failConfigWrite?: boolean } = {},
) {
  const keychain = new FlakyKeychain();
  const vault = new SecretVault(keychain, options.env ?? {});
  let config: Config = configSchema.parse({ sources: options.sources ?? [WMS, PILI] });
  const secretsChanged: string[] = [];
  const unused = (): never => {
    throw new Error('not part of this test');
  };
  const ctx: HandlerContext = {
    snapshot: unused,
    series: unused,
    reports: { sources: () => config.sources, now: Date.now, fetchers: {} as HandlerContext['reports']['fetchers'] },
    streams: {} as HandlerContext['streams'],
    incidents: { list: unused } as unknown as HandlerContext['incidents'],
    events: unused,
    engine: {} as HandlerContext['engine'],
    vault,
    config: () => config,
    updateConfig(mutate) {
      if (options.failConfigWrite)
        return Promise.reject(new ProviderError('config', 'EROFS: config.json is read-only'));
      // Validated like the real config store, so an invalid document is refused and nothing is written.
      const parsed = configSchema.safeParse(mutate(config));
      if (!parsed.success)
        return Promise.reject(new ProviderError('config', parsed.error.issues[0]?.message ?? 'invalid'));
      config = parsed.data;
      return Promise.resolve(config);
    },
    secretsChanged: (id) => {
      secretsChanged.push(id);
      return Promise.resolve();
    },
    testSource: unused,
    setPaused: unused,
    paused: () => false,
    refresh: unused,
    contactPoints: { contactPoints: {} as HandlerContext['contactPoints']['contactPoints'], vault, config: () => config, updateConfig: unused },
  };
  // As the core does at start: environment secrets belong to the sources as configured now.
  vault.pinEnvironment(config.sources);
  const handlers: BridgeHandlers = createBridgeHandlers(ctx);
  return { keychain, vault, handlers, config: () => config, secretsChanged };
}

describe('saving a source keeps its secrets only where they were given for', () => {
  it('keeps the API secret and webhook token when only the name changes', async () => {
    const { handlers, keychain } = setup();
    await keychain.inner.set('wms:api', 'api-key-1');
    await keychain.inner.set('wms:webhook', 'hook-1');
    const view = await handlers.saveSource({ source: { ...WMS, name: 'Edge' } });
    expect(view).toMatchObject({ apiSecretSet: true, webhookTokenSet: true });
    expect(view.secretsDropped).toBeUndefined();
    expect(await keychain.inner.get('wms:api')).toBe('api-key-1');
  });

  it('treats a trailing slash or upper-case host as the same address', async () => {
    const { handlers, keychain } = setup();
    await keychain.inner.set('wms:api', 'api-key-1');
    const view = await handlers.saveSource({ source: { ...WMS, baseUrl: 'https://API.wmspanel.com/v1' } });
    expect(view.apiSecretSet).toBe(true);
  });

  it('drops the API secret when the source is pointed at another address, and says to enter it again', async () => {
    const { handlers, keychain, secretsChanged } = setup();
    await keychain.inner.set('wms:api', 'api-key-1');
    await keychain.inner.set('wms:webhook', 'hook-1');
    const view = await handlers.saveSource({ source: { ...WMS, baseUrl: 'http://127.0.0.1:9/v1/' } });
    expect(view.apiSecretSet).toBe(false);
    expect(view.secretsDropped).toEqual(['api']);
    expect(view.secretMessage).toMatch(/API secret of source "wms" was removed.*Enter it again/);
    expect(await keychain.inner.get('wms:api')).toBeNull();
    // The webhook token only verifies what arrives: a new address does not expose it.
    expect(view.webhookTokenSet).toBe(true);
    expect(secretsChanged).toEqual(['wms']);
  });

  it('drops the API secret and the webhook token when the WMSPanel account changes', async () => {
    const { handlers, keychain } = setup();
    await keychain.inner.set('wms:api', 'api-key-1');
    await keychain.inner.set('wms:webhook', 'hook-1');
    const view = await handlers.saveSource({ source: { ...WMS, clientId: 'client-2' } });
    expect(view).toMatchObject({
      apiSecretSet: false,
      webhookTokenSet: false,
      secretsDropped: ['api', 'webhook'],
    });
    expect(await keychain.inner.get('wms:webhook')).toBeNull();
  });

  it('drops the secret when the provider or access key changes', async () => {
    const { handlers, keychain } = setup();
    await keychain.inner.set('pili:api', 'sk-1');
    const view = await handlers.saveSource({ source: { ...PILI, accessKey: 'AK-2' } });
    expect(view.secretsDropped).toEqual(['api']);
    expect(await keychain.inner.get('pili:api')).toBeNull();
  });

  it('keeps a secret given again in the same request', async () => {
    const { handlers, keychain } = setup();
    await keychain.inner.set('wms:api', 'api-key-1');
    const view = await handlers.saveSource({
      source: { ...WMS, baseUrl: 'https://eu.example.com/v1/' },
      apiSecret: 'api-key-eu',
    });
    expect(view.apiSecretSet).toBe(true);
    expect(view.secretsDropped).toBeUndefined();
    expect(await keychain.inner.get('wms:api')).toBe('api-key-eu');
  });

  it('stops using an environment secret once the source is repointed', async () => {
    const { handlers, vault } = setup({ env: { STREAMTRAY_SECRET_WMS: 'env-key' } });
    expect(await vault.require(WMS, 'api')).toBe('env-key');
    const view = await handlers.saveSource({ source: { ...WMS, baseUrl: 'http://127.0.0.1:9/v1/' } });
    expect(view.apiSecretSet).toBe(false);
    expect(view.secretsDropped).toEqual(['api']);
    const repointed = { ...WMS, baseUrl: 'http://127.0.0.1:9/v1/' };
    await expect(vault.require(repointed, 'api')).rejects.toThrow(
      /STREAMTRAY_SECRET_WMS was given for source "wms" as configured when Streamtray started/,
    );
    // Pointed back where it was at start, the environment secret applies again.
    expect(await vault.require(WMS, 'api')).toBe('env-key');
  });

  it('says so when an environment variable overrides the secret just entered', async () => {
    const { handlers, keychain } = setup({ env: { STREAMTRAY_SECRET_WMS: 'env-key' } });
    const view = await handlers.saveSource({ source: WMS, apiSecret: 'typed-key' });
    expect(await keychain.inner.get('wms:api')).toBe('typed-key');
    expect(view.secretMessage).toMatch(/STREAMTRAY_SECRET_WMS is set and is used instead/);
  });

  it('gives an environment secret to no source added after start under that id', async () => {
    const { handlers, vault } = setup({ sources: [PILI], env: { STREAMTRAY_SECRET_WMS: 'env-key' } });
    const view = await handlers.saveSource({ source: WMS });
    expect(view.apiSecretSet).toBe(false);
    await expect(vault.require(WMS, 'api')).rejects.toThrow(/STREAMTRAY_SECRET_WMS/);
  });

  it('leaves no secret behind when the config refuses the source', async () => {
    const { handlers, keychain, config } = setup();
    const clash = { ...PILI, id: 'WMS' };
    await expect(handlers.saveSource({ source: clash, apiSecret: 'sk-new' })).rejects.toThrow(ProviderError);
    expect(await keychain.inner.get('WMS:api')).toBeNull();
    expect(config().sources.map((s) => s.id)).toEqual(['wms', 'pili']);
  });

  it('puts the dropped secret back when the config file cannot be written', async () => {
    const { handlers, keychain } = setup({ failConfigWrite: true });
    await keychain.inner.set('wms:api', 'api-key-1');
    await expect(
      handlers.saveSource({ source: { ...WMS, baseUrl: 'http://127.0.0.1:9/v1/' } }),
    ).rejects.toThrow(/read-only/);
    expect(await keychain.inner.get('wms:api')).toBe('api-key-1');
  });
});

describe('with the OS keychain unavailable', () => {
  it('lists sources through the real keytar store when keytar itself throws for want of a Secret Service', async () => {
    const noSecretService = () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'));
    const store = new KeytarSecretStore({
      load: () =>
        Promise.resolve({
          getPassword: noSecretService,
          setPassword: noSecretService,
          deletePassword: noSecretService,
        }),
    });
    let config: Config = configSchema.parse({ sources: [WMS] });
    const context: Pick<HandlerContext, 'vault' | 'config' | 'updateConfig'> = {
      vault: new SecretVault(store, {}),
      config: () => config,
      updateConfig: (mutate: (current: Config) => Config) =>
        Promise.resolve((config = configSchema.parse(mutate(config)))),
    };
    const handlers = createBridgeHandlers(context as HandlerContext);
    const answer = await invokeBridge(handlers, 'sources', {});
    expect(answer).toMatchObject({ ok: true, status: 200 });
    expect(answer.ok && answer.value).toMatchObject({
      sources: [{ source: { id: 'wms' }, secretState: 'unknown' }],
      keychainProblem: expect.stringMatching(/Cannot autolaunch D-Bus.*STREAMTRAY_SECRET_<ID>/) as unknown,
    });
    const save = await invokeBridge(handlers, 'saveSource', { source: WMS, apiSecret: 'k' });
    expect(save).toMatchObject({ ok: false, status: 400 });
  });

  it('lists every source with its secret state unknown and one message about the keychain', async () => {
    const { handlers, keychain } = setup();
    keychain.failing = 'always';
    const answer = await handlers.sources({});
    expect(answer.sources.map((v) => [v.source.id, v.secretState])).toEqual([
      ['wms', 'unknown'],
      ['pili', 'unknown'],
    ]);
    expect(answer.keychainProblem).toMatch(/OS keychain is unavailable.*D-Bus/);
  });

  it('still reports secrets the environment gives without asking the keychain', async () => {
    const { handlers, keychain } = setup({ sources: [PILI], env: { STREAMTRAY_SECRET_PILI: 'sk' } });
    keychain.failing = 'always';
    const answer = await handlers.sources({});
    expect(answer.sources[0]).toMatchObject({ apiSecretSet: true });
    expect(answer.sources[0]?.secretState).toBeUndefined();
    expect(answer.keychainProblem).toBeUndefined();
  });

  it('saves a change that touches no secret', async () => {
    const { handlers, keychain, config } = setup();
    keychain.failing = 'always';
    const view = await handlers.saveSource({ source: { ...PILI, name: 'Shanghai' } });
    expect(view.secretState).toBe('unknown');
    expect(config().sources[1]?.name).toBe('Shanghai');
  });

  it('refuses a save with a secret, with a 400 that says what to do, and writes no config', async () => {
    const { handlers, keychain, config } = setup();
    keychain.failing = 'always';
    const outcome = await invokeBridge(handlers, 'saveSource', {
      source: { ...PILI, hub: 'other' },
      apiSecret: 'sk-2',
    });
    expect(outcome).toMatchObject({ ok: false, status: 400 });
    expect(!outcome.ok && outcome.error.message).toMatch(
      /source "pili" was not saved: nothing was changed, because the OS keychain is unavailable.*Start or unlock/,
    );
    expect(config().sources[1]).toMatchObject({ hub: 'live' });
  });

  it('refuses a repoint it cannot drop the old secret for, and keeps the config as it was', async () => {
    const { handlers, keychain, config } = setup();
    keychain.failing = 'always';
    await expect(handlers.saveSource({ source: { ...WMS, baseUrl: 'http://127.0.0.1:9/' } })).rejects.toThrow(
      /not saved: nothing was changed/,
    );
    expect(config().sources[0]?.baseUrl).toBe(WMS.baseUrl);
  });

  it('undoes the first secret write when the second one fails', async () => {
    const { handlers, keychain, config } = setup();
    await keychain.inner.set('wms:api', 'old-key');
    keychain.failingWrite = 2;
    await expect(
      handlers.saveSource({ source: WMS, apiSecret: 'new-key', webhookToken: 'new-hook' }),
    ).rejects.toThrow(/not saved/);
    expect(await keychain.inner.get('wms:api')).toBe('old-key');
    expect(await keychain.inner.get('wms:webhook')).toBeNull();
    expect(config().sources).toHaveLength(2);
  });

  it('refuses to delete a source whose secrets it cannot delete, and keeps the source', async () => {
    const { handlers, keychain, config } = setup();
    await keychain.inner.set('wms:api', 'api-key-1');
    keychain.failing = 'writes';
    const outcome = await invokeBridge(handlers, 'deleteSource', { id: 'wms' });
    expect(outcome).toMatchObject({ ok: false, status: 400 });
    expect(config().sources.map((s) => s.id)).toEqual(['wms', 'pili']);
    expect(await keychain.inner.get('wms:api')).toBe('api-key-1');
  });

  it('deletes a source and its secrets together when the keychain works', async () => {
    const { handlers, keychain, config } = setup();
    await keychain.inner.set('wms:api', 'api-key-1');
    await keychain.inner.set('wms:webhook', 'hook');
    expect(await handlers.deleteSource({ id: 'wms' })).toEqual({ ok: true });
    expect(config().sources.map((s) => s.id)).toEqual(['pili']);
    expect(await keychain.inner.get('wms:api')).toBeNull();
    expect(await keychain.inner.get('wms:webhook')).toBeNull();
  });
});
