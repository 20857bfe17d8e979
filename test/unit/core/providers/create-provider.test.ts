import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../../shared/config.ts';
import type { HttpClient } from '../../../../electron/core/http/http-client.ts';
import { createProvider } from '../../../../electron/core/providers/create-provider.ts';
import { MemorySecretStore } from '../../../../electron/core/secrets/memory-secret-store.ts';
import { SecretVault } from '../../../../electron/core/secrets/secret-vault.ts';

const sources: SourceConfig[] = [
  { id: 'wms', provider: 'wmspanel', clientId: 'c' },
  { id: 'se', provider: 'scaleengine', apiKey: 'k', cdnId: 1, apps: ['a'] },
  { id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'h' },
];

/** Records each request's time-out and host, then refuses it as a provider would. */
function recordingHttp(seen: { host: string; timeoutMs: number }[]): HttpClient {
  return (request, options) => {
    seen.push({ host: request.url.host, timeoutMs: options.timeoutMs });
    return Promise.resolve({ status: 401, headers: new Headers(), text: '{"error":"bad token"}' });
  };
}

const vault = new SecretVault(
  new MemorySecretStore(sources.map((source) => [`${source.id}:api`, 'secret-value'])),
  {},
);

describe('createProvider', () => {
  it('builds the right client for each provider, using the config timeout unless the source sets its own', async () => {
    for (const source of sources) {
      for (const [own, expected] of [
        [undefined, 7_000],
        [2.5, 2_500],
      ] as const) {
        const seen: { host: string; timeoutMs: number }[] = [];
        const provider = await createProvider({ ...source, timeoutSeconds: own }, vault, {
          timeoutMs: 7_000,
          http: recordingHttp(seen),
        });
        expect(provider.kind).toBe(source.provider);
        expect(provider.sourceId).toBe(source.id);
        await provider.poll().catch(() => undefined);
        expect(seen.length).toBeGreaterThan(0);
        expect(seen.every((request) => request.timeoutMs === expected)).toBe(true);
      }
    }
  });

  it('talks to the configured baseUrl', async () => {
    const seen: { host: string; timeoutMs: number }[] = [];
    const provider = await createProvider(
      { ...sources[2], baseUrl: 'http://127.0.0.1:4567' } as SourceConfig,
      vault,
      {
        timeoutMs: 1_000,
        http: recordingHttp(seen),
      },
    );
    await provider.poll().catch(() => undefined);
    expect(seen[0]?.host).toBe('127.0.0.1:4567');
  });

  it('fails with a config error when the source has no secret', async () => {
    const empty = new SecretVault(new MemorySecretStore(), {});
    for (const source of sources) {
      await expect(createProvider(source, empty, { timeoutMs: 1_000 })).rejects.toMatchObject({
        kind: 'config',
      });
    }
  });

  it('refuses plain http to a remote host as a config error', async () => {
    const source = { ...sources[2], baseUrl: 'http://pili.example.com' } as SourceConfig;
    await expect(createProvider(source, vault, { timeoutMs: 1_000 })).rejects.toMatchObject({
      kind: 'config',
    });
  });
});
