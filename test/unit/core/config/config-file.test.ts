import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../electron/core/config/config-error.ts';
import { loadConfig } from '../../../../electron/core/config/config-file.ts';
import { useTempDirs, writeConfig } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

async function configError(file: string): Promise<ConfigError> {
  const error: unknown = await loadConfig(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('loadConfig', () => {
  it('reads a valid file and fills in the documented defaults', async () => {
    const file = await writeConfig(await tempDir(), {
      sources: [{ id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'live' }],
    });
    const config = await loadConfig(file);
    expect(config.sources).toEqual([{ id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'live' }]);
    expect(config.pollIntervalSeconds).toBe(30);
    expect(config.requestTimeoutSeconds).toBe(10);
  });

  it('names the file and every wrong field by its path, one per line', async () => {
    const file = await writeConfig(await tempDir(), {
      sources: [
        { id: 'a', provider: 'qiniu', accessKey: 'AK', hub: 'h' },
        { id: 'b', provider: 'wmspanel', clientId: 'c' },
        { id: 'c', provider: 'qiniu', hub: 'h' },
      ],
      pollIntervalSeconds: 1,
    });
    const error = await configError(file);
    expect(error.file).toBe(file);
    expect(error.message.split('\n')[0]).toContain(file);
    expect(error.problems).toContain('sources[2].accessKey: required');
    expect(error.problems).toContain('pollIntervalSeconds: must be at least 5');
    expect(error.problems).toHaveLength(2);
  });

  it('refuses a secret pasted into a source without printing its value', async () => {
    const file = await writeConfig(await tempDir(), {
      sources: [{ id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'h', secretKey: 'TOPSECRET-4711' }],
    });
    const error = await configError(file);
    expect(error.problems).toEqual(['sources[0].secretKey: unknown field']);
    expect(error.message).not.toContain('TOPSECRET-4711');
  });

  it('says where invalid JSON goes wrong, by line and column, without quoting the file', async () => {
    const file = await writeConfig(await tempDir(), '{\n  "sources": [],\n  "x": TOPSECRET\n}');
    const error = await configError(file);
    expect(error.message).toContain('not valid JSON at line 3, column 8');
    expect(error.message).not.toContain('TOPSECRET');
  });

  it('reports a trailing comma at the character after it', async () => {
    const file = await writeConfig(await tempDir(), '{\n  "sources": [],\n}');
    expect((await configError(file)).message).toContain('line 3, column 1');
  });

  it('reports an empty file as such', async () => {
    const file = await writeConfig(await tempDir(), '');
    expect((await configError(file)).message).toMatch(
      /not valid JSON at line 1, column 1: the file is empty/,
    );
  });

  it('explains how to create a missing file', async () => {
    const file = path.join(await tempDir(), 'nope.json');
    const error = await configError(file);
    expect(error.message).toContain(`no config file at ${file}`);
    expect(error.message).toContain('--config');
    expect(error.message).toContain('"sources"');
  });

  it('reports a directory or an unreadable file clearly', async () => {
    const dir = await tempDir();
    const asDir = path.join(dir, 'config.json');
    await mkdir(asDir);
    expect((await configError(asDir)).message).toContain('it is a directory');

    const locked = await writeConfig(await tempDir(), '{}');
    await chmod(locked, 0o000);
    // root reads anything: only assert where the permission actually applies.
    if (process.getuid?.() !== 0) expect((await configError(locked)).message).toContain('permission denied');
  });
});
