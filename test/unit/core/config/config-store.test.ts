import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../electron/core/config/config-error.ts';
import { ConfigStore } from '../../../../electron/core/config/config-store.ts';
import { useTempDirs, writeConfig } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const qiniu = { id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'live' } as const;

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

describe('ConfigStore', () => {
  it('creates the file (and its folder) on the first update, readable by loadConfig', async () => {
    const file = path.join(await tempDir(), 'nested', 'config.json');
    const store = new ConfigStore(file);
    expect(store.read().sources).toEqual([]);
    store.update((config) => {
      config.sources.push({ ...qiniu });
    });
    expect(await readJson(file)).toMatchObject({ sources: [qiniu] });
    expect(new ConfigStore(file).read().sources).toEqual([qiniu]);
  });

  it('refuses a top-level key it does not know, naming it, and leaves the file as it was', async () => {
    const file = await writeConfig(await tempDir(), { sources: [], pollIntervalSecs: 60, theme: 'dark' });
    const before = await readFile(file, 'utf8');
    expect(() => new ConfigStore(file).update((config) => ({ ...config, pollIntervalSeconds: 60 }))).toThrow(
      expect.objectContaining({ problems: ['pollIntervalSecs: unknown field'] }),
    );
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('never writes an invalid document: the file stays as it was and the error names the field', async () => {
    const file = await writeConfig(await tempDir(), { sources: [qiniu] });
    const before = await readFile(file, 'utf8');
    const store = new ConfigStore(file);
    expect(() =>
      store.update((config) => {
        config.sources.push({ ...qiniu });
      }),
    ).toThrow(/sources\[1\]\.id: duplicate id "pili"/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuses to write anything that looks like a secret, anywhere in the document', async () => {
    const file = await writeConfig(await tempDir(), { sources: [qiniu] });
    const before = await readFile(file, 'utf8');
    const store = new ConfigStore(file);
    let error: unknown;
    try {
      store.update((config) => ({ ...config, webhookToken: 'TOKEN-123456' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'webhookToken: secrets belong in the keychain, not the config',
    ]);
    expect((error as ConfigError).message).not.toContain('TOKEN-123456');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('reports a broken file with its line and column instead of replacing it', async () => {
    const file = await writeConfig(await tempDir(), '{\n  "sources": [\n}');
    const store = new ConfigStore(file);
    expect(() => store.update(() => undefined)).toThrow(/line 3, column 1/);
    expect(await readFile(file, 'utf8')).toBe('{\n  "sources": [\n}');
  });
});
