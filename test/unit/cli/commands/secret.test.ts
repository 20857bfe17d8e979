import { describe, expect, it } from 'vitest';
import { main } from '../../../../electron/cli/main.ts';
import { MemorySecretStore } from '../../../../electron/core/secrets/memory-secret-store.ts';
import type { SecretStore } from '../../../../electron/core/secrets/secret-store.ts';
import { KeychainError } from '../../../../electron/core/secrets/keytar-secret-store.ts';
import { captureIo } from '../../../helpers/cli-io.ts';
import { useTempDirs, writeConfig } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

async function secret(
  args: string[],
  options: { stdin?: string; store?: SecretStore; env?: Record<string, string> } = {},
) {
  const dir = await tempDir();
  const file = await writeConfig(dir, { sources: [{ id: 'wms', provider: 'wmspanel', clientId: 'c' }] });
  const io = captureIo({ stdin: options.stdin, env: { HOME: dir, ...options.env } });
  const store = options.store ?? new MemorySecretStore();
  const code = await main(['secret', '--config', file, ...args], io, undefined, { secrets: store });
  return { code, out: io.out(), err: io.err(), store };
}

describe('streamtray secret', () => {
  it('stores stdin minus one trailing newline under <id>:api and never prints it', async () => {
    const result = await secret(['set', 'wms'], { stdin: 'api-key-XYZ 123\n' });
    expect(result.code).toBe(0);
    expect(await result.store.get('wms:api')).toBe('api-key-XYZ 123');
    expect(result.out).toBe(
      'stored the API secret of source "wms" in the OS keychain (service "streamtray", account "wms:api")\n',
    );
    expect(result.out + result.err).not.toContain('api-key-XYZ');
  });

  it('keeps everything but the one newline a file or echo adds', async () => {
    const result = await secret(['set', 'wms', '--kind', 'webhook'], { stdin: ' token\n\n' });
    expect(await result.store.get('wms:webhook')).toBe(' token\n');
    const crlf = await secret(['set', 'wms'], { stdin: 'k\r\n' });
    expect(await crlf.store.get('wms:api')).toBe('k');
  });

  it("stores a contact point's secret under <id>:notify, warning when the point is not configured", async () => {
    const result = await secret(['set', 'oncall', '--kind', 'notify'], { stdin: 'whsec_c2VjcmV0\n' });
    expect(result.code).toBe(0);
    expect(await result.store.get('oncall:notify')).toBe('whsec_c2VjcmV0');
    expect(result.out).toBe(
      'stored the secret of contact point "oncall" in the OS keychain (service "streamtray", account "oncall:notify")\n',
    );
    expect(result.err).toContain('there is no contact point "oncall"');
    expect(result.out + result.err).not.toContain('c2VjcmV0');
  });

  it('refuses an empty secret, exit 2', async () => {
    const result = await secret(['set', 'wms'], { stdin: '\n' });
    expect(result.code).toBe(2);
    expect(result.err).toContain('no secret on stdin');
    expect(await result.store.get('wms:api')).toBeNull();
  });

  it('warns, but stores, when the source is not in the config', async () => {
    const result = await secret(['set', 'later'], { stdin: 'value-1' });
    expect(result.code).toBe(0);
    expect(result.err).toContain('warning: there is no source "later"');
    expect(await result.store.get('later:api')).toBe('value-1');
  });

  it('notes that an environment variable overrides what was stored', async () => {
    const result = await secret(['set', 'wms'], {
      stdin: 'value-2',
      env: { STREAMTRAY_SECRET_WMS: 'env-value' },
    });
    expect(result.code).toBe(0);
    expect(result.err).toContain('STREAMTRAY_SECRET_WMS is set and takes precedence');
    expect(result.err).not.toContain('env-value');
  });

  it('never echoes a secret typed as an argument by mistake', async () => {
    const result = await secret(['set', 'wms', 'hunter2-secret']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('the secret itself is read from stdin');
    expect(result.err).not.toContain('hunter2-secret');
  });

  it('refuses an id that cannot be a source id and an unknown kind', async () => {
    expect((await secret(['set', 'a b'], { stdin: 'v' })).code).toBe(2);
    const kind = await secret(['set', 'wms', '--kind', 'ssh'], { stdin: 'v' });
    expect(kind.code).toBe(2);
    expect(kind.err).toContain('--kind must be api, webhook or notify');
  });

  it('deletes, and says so when there was nothing to delete', async () => {
    const store = new MemorySecretStore([['wms:webhook', 'tok']]);
    const first = await secret(['delete', 'wms', '--kind', 'webhook'], { store });
    expect(first.code).toBe(0);
    expect(first.out).toContain('deleted the webhook token of source "wms"');
    expect(await store.get('wms:webhook')).toBeNull();
    const again = await secret(['delete', 'wms', '--kind', 'webhook'], { store });
    expect(again.code).toBe(0);
    expect(again.out).toContain('no webhook token of source "wms" was stored');
  });

  it('reports a keychain that cannot be used, exit 1', async () => {
    const broken: SecretStore = {
      get: () => Promise.reject(new KeychainError('x')),
      set: () => Promise.reject(new KeychainError('the OS keychain did not answer within 5 s')),
      delete: () => Promise.reject(new KeychainError('x')),
    };
    const result = await secret(['set', 'wms'], { stdin: 'value-3', store: broken });
    expect(result.code).toBe(1);
    expect(result.err).toContain('streamtray secret: the OS keychain did not answer within 5 s');
    expect(result.out).toBe('');
  });
});
