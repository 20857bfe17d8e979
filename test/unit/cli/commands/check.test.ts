import { describe, expect, it } from 'vitest';
import { main } from '../../../../electron/cli/main.ts';
import { MemorySecretStore } from '../../../../electron/core/secrets/memory-secret-store.ts';
import { captureIo } from '../../../helpers/cli-io.ts';
import { useTempDirs, writeConfig } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

async function check(config: unknown, args: string[] = []) {
  const dir = await tempDir();
  const file = await writeConfig(dir, config);
  const io = captureIo({ env: { HOME: dir } });
  const code = await main(['check', '--config', file, ...args], io, undefined, {
    secrets: new MemorySecretStore(),
  });
  return { code, out: io.out(), err: io.err(), file };
}

describe('streamtray check (config handling)', () => {
  it('exits 2 naming the field when the config is invalid', async () => {
    const result = await check({ sources: [{ id: 'pili', provider: 'qiniu', hub: 'h' }] });
    expect(result.code).toBe(2);
    expect(result.err).toContain('sources[0].accessKey: required');
    expect(result.out).toBe('');
  });

  it('exits 2 explaining how to add a source when none is configured', async () => {
    const result = await check({});
    expect(result.code).toBe(2);
    expect(result.err).toContain('no sources configured');
    expect(result.err).toContain('streamtray secret set');
  });

  it('reports a source without a secret as a config error of that source, exit 1', async () => {
    const result = await check(
      {
        sources: [
          { id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'h', baseUrl: 'http://127.0.0.1:9' },
        ],
      },
      ['--json'],
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toEqual({
      sources: [
        {
          id: 'pili',
          provider: 'qiniu',
          ok: false,
          // No client could be built, so no call was made.
          callsToday: 0,
          error: {
            kind: 'config',
            message:
              'no API secret for source "pili": run "streamtray secret set pili" or set STREAMTRAY_SECRET_PILI',
          },
        },
      ],
      total: { viewers: null, bandwidthBps: null },
    });
  });

  it('prints a table with a status per source and a total line', async () => {
    const result = await check({
      sources: [{ id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'h', baseUrl: 'http://127.0.0.1:9' }],
    });
    expect(result.code).toBe(1);
    const lines = result.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SOURCE\s+PROVIDER\s+STATUS\s+VIEWERS\s+BANDWIDTH\s+ERROR$/);
    expect(lines[1]).toMatch(/^pili\s+qiniu\s+FAILED\s+config: no API secret for source "pili"/);
    expect(lines[2]).toMatch(/^total\s+0\/1 ok\s+—\s+—$/);
  });
});
