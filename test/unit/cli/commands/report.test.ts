import { describe, expect, it } from 'vitest';
import { main } from '../../../../electron/cli/main.ts';
import { MemorySecretStore } from '../../../../electron/core/secrets/memory-secret-store.ts';
import { captureIo } from '../../../helpers/cli-io.ts';
import { useTempDirs, writeConfig } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const config = {
  sources: [
    { id: 'wms', provider: 'wmspanel', clientId: 'c', baseUrl: 'http://127.0.0.1:9/v1' },
    { id: 'pili', provider: 'qiniu', accessKey: 'AK', hub: 'h' },
  ],
};

async function report(args: string[]) {
  const dir = await tempDir();
  const file = await writeConfig(dir, config);
  const io = captureIo({ env: { HOME: dir } });
  const code = await main(['report', '--config', file, ...args], io, undefined, {
    secrets: new MemorySecretStore(),
  });
  return { code, out: io.out(), err: io.err() };
}

const range = ['--from', '2026-11-01', '--to', '2026-11-07'];

describe('streamtray report daily (argument and config checks)', () => {
  it.each([
    [
      ['daily', '--source', 'wms', '--from', '2026-02-30', '--to', '2026-03-01'],
      '--from must be a calendar date YYYY-MM-DD, got "2026-02-30"',
    ],
    [
      ['daily', '--source', 'wms', '--from', '2026-11-08', '--to', '2026-11-07'],
      '--from (2026-11-08) is after --to (2026-11-07)',
    ],
    [['daily', '--source', 'wms', '--to', '2026-11-07'], '--from is required'],
    [['daily', '--source', '', ...range], '--source must be a source id or "all"'],
    [
      ['daily', '--source', 'wms', '--from', '2025-01-01', '--to', '2026-11-07'],
      'is 676 days: ask for at most 366 days at a time',
    ],
    [['weekly', '--source', 'wms', ...range], 'the only report is "daily"'],
    [['daily', '--source', 'wms', ...range, '--format', 'xml'], '--format must be table, json or csv'],
    [['daily', '--source', 'nope', ...range], 'no source "nope"'],
    [
      ['daily', '--source', 'pili', ...range, '--server', 'edge-1'],
      'server filters WMSPanel daily stats, and none of the chosen sources is a WMSPanel source',
    ],
  ])('%j exits 2: %s', async (args, message) => {
    const result = await report(args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.out).toBe('');
  });

  it('exits 2 with the way to add the secret when the source has none', async () => {
    const result = await report(['daily', '--source', 'wms', ...range]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('no API secret for source "wms"');
  });

  it('exits 2 naming every source when none of them has its secret (all sources is the default)', async () => {
    const result = await report(['daily', ...range]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('source "wms": config: no API secret for source "wms"');
    expect(result.err).toContain('source "pili": config: no API secret for source "pili"');
    expect(result.out).toBe('');
  });
});
