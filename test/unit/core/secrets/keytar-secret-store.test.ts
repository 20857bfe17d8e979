import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  KeychainError,
  KeytarSecretStore,
  type KeytarApi,
} from '../../../../electron/core/secrets/keytar-secret-store.ts';
import { inSecretServiceSession, isolatedHome, run } from '../../../helpers/secret-service.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const PROBE = fileURLToPath(new URL('../../../helpers/keychain-probe.ts', import.meta.url));
const onLinux = process.platform === 'linux';

interface ProbeResult {
  ok: boolean;
  [key: string]: unknown;
}

function probeResult(stdout: string): ProbeResult {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ProbeResult;
}

describe('KeytarSecretStore with a real Secret Service', () => {
  it.runIf(onLinux)(
    'stores, reads and deletes a secret in gnome-keyring under service "streamtray"',
    async () => {
      const env = await isolatedHome(await tempDir());
      const session = await inSecretServiceSession([process.execPath, PROBE], {
        ...env,
        PROBE_ACCOUNT: 'pili:api',
        PROBE_VALUE: 'sk-ünïcode/with spaces',
      });
      expect(session.code, session.stderr).toBe(0);
      expect(probeResult(session.stdout)).toEqual({
        ok: true,
        before: null,
        got: 'sk-ünïcode/with spaces',
        deleted: true,
        after: null,
        deletedAgain: false,
      });
    },
  );

  it.runIf(onLinux)(
    'fails fast with a clear, actionable error when there is no session bus at all',
    async () => {
      const env = await isolatedHome(await tempDir());
      const started = Date.now();
      const result = await run([process.execPath, PROBE], {
        ...env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
        PROBE_VALUE: 'do-not-print-me',
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      const probe = probeResult(result.stdout);
      expect(probe).toMatchObject({ ok: false, name: 'KeychainError' });
      expect(probe['message']).toMatch(/OS keychain/);
      expect(probe['message']).toMatch(/STREAMTRAY_SECRET_<ID>/);
      expect(result.stdout + result.stderr).not.toContain('do-not-print-me');
    },
  );
});

describe('KeytarSecretStore failure handling', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const silent: KeytarApi = {
    getPassword: () => new Promise(() => undefined),
    setPassword: () => new Promise(() => undefined),
    deletePassword: () => new Promise(() => undefined),
  };

  it('gives up after the timeout with the Secret Service hint instead of hanging', async () => {
    vi.useFakeTimers();
    const store = new KeytarSecretStore({ load: () => Promise.resolve(silent) });
    const pending = store.set('wms:api', 'value-1234');
    const outcome = expect(pending).rejects.toThrow(
      'the OS keychain did not answer within 5 s — is a Secret Service (gnome-keyring, KWallet) running? ' +
        'On a headless machine set STREAMTRAY_SECRET_<ID> instead',
    );
    await vi.advanceTimersByTimeAsync(4_999);
    await vi.advanceTimersByTimeAsync(1);
    await outcome;
  });

  it('does not time out a keychain that answers in time', async () => {
    vi.useFakeTimers();
    const slow: KeytarApi = {
      ...silent,
      getPassword: () => new Promise((resolve) => setTimeout(() => resolve('v'), 4_000)),
    };
    const pending = new KeytarSecretStore({ load: () => Promise.resolve(slow) }).get('wms:api');
    await vi.advanceTimersByTimeAsync(4_000);
    await expect(pending).resolves.toBe('v');
  });

  it('says how to fix a keytar native module that cannot be loaded, and retries the load later', async () => {
    let loads = 0;
    const store = new KeytarSecretStore({
      load: () => {
        loads += 1;
        return Promise.reject(new Error('Failed to load keytar native addon'));
      },
    });
    const error: unknown = await store.get('wms:api').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeychainError);
    expect((error as Error).message).toMatch(
      /@github\/keytar.*npm rebuild @github\/keytar.*STREAMTRAY_SECRET_<ID>/,
    );
    await store.get('wms:api').catch(() => undefined);
    expect(loads).toBe(2);
  });

  it('wraps keychain failures without repeating the value it was given', async () => {
    const failing: KeytarApi = {
      ...silent,
      setPassword: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
    };
    const error: unknown = await new KeytarSecretStore({ load: () => Promise.resolve(failing) })
      .set('wms:api', 'value-9876')
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      'could not store the secret in the OS keychain: Cannot create an item in a locked collection. ' +
        'On a headless machine set STREAMTRAY_SECRET_<ID> instead',
    );
  });
});
