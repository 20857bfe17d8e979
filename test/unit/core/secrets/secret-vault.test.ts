import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/core/errors.ts';
import { KeychainError } from '../../../../electron/core/secrets/keytar-secret-store.ts';
import { MemorySecretStore } from '../../../../electron/core/secrets/memory-secret-store.ts';
import type { SecretStore } from '../../../../electron/core/secrets/secret-store.ts';
import { secretAccount, secretEnvName, SecretVault } from '../../../../electron/core/secrets/secret-vault.ts';

/** A keychain that records every call and must not be reached when the environment has the secret. */
class RecordingStore implements SecretStore {
  readonly calls: string[] = [];
  readonly #inner = new MemorySecretStore();
  readonly #fail: boolean;

  constructor(fail = false) {
    this.#fail = fail;
  }

  async get(account: string): Promise<string | null> {
    this.calls.push(`get ${account}`);
    if (this.#fail) throw new KeychainError('the OS keychain did not answer within 5 s');
    return this.#inner.get(account);
  }

  async set(account: string, value: string): Promise<void> {
    this.calls.push(`set ${account}`);
    await this.#inner.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    this.calls.push(`delete ${account}`);
    return this.#inner.delete(account);
  }
}

describe('secret names', () => {
  it('upper-cases the id and turns every character outside A-Z0-9 into "_"', () => {
    expect(secretEnvName('pili-eu', 'api')).toBe('STREAMTRAY_SECRET_PILI_EU');
    expect(secretEnvName('wms.main_2', 'webhook')).toBe('STREAMTRAY_WEBHOOK_TOKEN_WMS_MAIN_2');
    expect(secretEnvName('Se', 'api')).toBe('STREAMTRAY_SECRET_SE');
  });

  it('uses "<id>:api" and "<id>:webhook" as keychain accounts', () => {
    expect(secretAccount('wms', 'api')).toBe('wms:api');
    expect(secretAccount('wms', 'webhook')).toBe('wms:webhook');
  });

  it('keeps a contact point\'s secret as "<id>:notify", overridable by STREAMTRAY_NOTIFY_SECRET_<ID>', async () => {
    expect(secretAccount('on-call', 'notify')).toBe('on-call:notify');
    expect(secretEnvName('on-call', 'notify')).toBe('STREAMTRAY_NOTIFY_SECRET_ON_CALL');
    const vault = new SecretVault(new RecordingStore(true), {
      STREAMTRAY_NOTIFY_SECRET_ON_CALL: 'whsec_abc',
    });
    expect(await vault.get('on-call', 'notify')).toBe('whsec_abc');
    await expect(new SecretVault(new MemorySecretStore(), {}).require('pager', 'notify')).rejects.toThrow(
      'no secret for contact point "pager": run "streamtray secret set pager --kind notify" or set STREAMTRAY_NOTIFY_SECRET_PAGER',
    );
  });
});

describe('SecretVault', () => {
  it('prefers the environment and then does not touch the keychain at all', async () => {
    const store = new RecordingStore(true);
    const vault = new SecretVault(store, {
      STREAMTRAY_SECRET_PILI_EU: 'from-env',
      STREAMTRAY_WEBHOOK_TOKEN_WMS: 'tok',
    });
    expect(await vault.require('pili-eu', 'api')).toBe('from-env');
    expect(await vault.get('wms', 'webhook')).toBe('tok');
    expect(store.calls).toEqual([]);
  });

  it('falls back to the keychain, per kind', async () => {
    const store = new RecordingStore();
    await store.set('wms:api', 'keychain-api');
    const vault = new SecretVault(store, { STREAMTRAY_WEBHOOK_TOKEN_OTHER: 'x' });
    expect(await vault.require('wms', 'api')).toBe('keychain-api');
    expect(await vault.get('wms', 'webhook')).toBeNull();
    expect(store.calls).toContain('get wms:api');
  });

  it('treats an empty variable as unset', async () => {
    const store = new MemorySecretStore([['se:api', 'stored']]);
    expect(await new SecretVault(store, { STREAMTRAY_SECRET_SE: '' }).require('se', 'api')).toBe('stored');
  });

  it('explains how to provide a missing secret, as a config error', async () => {
    const vault = new SecretVault(new MemorySecretStore(), {});
    await expect(vault.require('wms', 'api')).rejects.toMatchObject({
      kind: 'config',
      message: 'no API secret for source "wms": run "streamtray secret set wms" or set STREAMTRAY_SECRET_WMS',
    });
    await expect(vault.require('wms-2', 'webhook')).rejects.toMatchObject({
      kind: 'config',
      message:
        'no webhook token for source "wms-2": run "streamtray secret set wms-2 --kind webhook" or set ' +
        'STREAMTRAY_WEBHOOK_TOKEN_WMS_2',
    });
  });

  it('turns a keychain failure into a config error for that source', async () => {
    const error: unknown = await new SecretVault(new RecordingStore(true), {})
      .require('wms', 'api')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'config', message: 'the OS keychain did not answer within 5 s' });
  });

  it('sets and deletes under the account for the kind', async () => {
    const store = new RecordingStore();
    const vault = new SecretVault(store, {});
    await vault.set('se', 'api', 'v');
    expect(await vault.delete('se', 'api')).toBe(true);
    expect(await vault.delete('se', 'api')).toBe(false);
    expect(store.calls).toEqual(['set se:api', 'delete se:api', 'delete se:api']);
  });
});

describe('environment secrets bound to the sources as configured at start', () => {
  const wms = {
    id: 'wms',
    provider: 'wmspanel' as const,
    clientId: 'c-1',
    baseUrl: 'https://api.wmspanel.com/',
  };

  it('gives the secret to the source as it was, not once it points elsewhere', async () => {
    const vault = new SecretVault(new MemorySecretStore(), { STREAMTRAY_SECRET_WMS: 'env-key' });
    vault.pinEnvironment([wms]);
    expect(await vault.require(wms, 'api')).toBe('env-key');
    expect(vault.fromEnv({ ...wms, baseUrl: 'http://127.0.0.1:9/' }, 'api')).toBeUndefined();
    expect(vault.fromEnv({ ...wms, clientId: 'c-2' }, 'api')).toBeUndefined();
    // The webhook token only verifies what arrives: a new address keeps it, a new account does not.
    const hooked = new SecretVault(new MemorySecretStore(), { STREAMTRAY_WEBHOOK_TOKEN_WMS: 'tok' });
    hooked.pinEnvironment([wms]);
    expect(hooked.fromEnv({ ...wms, baseUrl: 'http://127.0.0.1:9/' }, 'webhook')).toBe('tok');
    expect(hooked.fromEnv({ ...wms, clientId: 'c-2' }, 'webhook')).toBeUndefined();
  });

  it('cannot be re-bound by a later config change', () => {
    const vault = new SecretVault(new MemorySecretStore(), { STREAMTRAY_SECRET_WMS: 'env-key' });
    vault.pinEnvironment([wms]);
    const moved = { ...wms, baseUrl: 'http://127.0.0.1:9/' };
    vault.pinEnvironment([moved]);
    expect(vault.fromEnv(moved, 'api')).toBeUndefined();
  });

  it('still serves the CLI, which names sources by id from the one config it runs', async () => {
    const vault = new SecretVault(new MemorySecretStore(), { STREAMTRAY_SECRET_WMS: 'env-key' });
    expect(await vault.require('wms', 'api')).toBe('env-key');
    expect(await vault.require(wms, 'api')).toBe('env-key');
  });
});
