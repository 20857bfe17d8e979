import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main.ts';
import { captureIo } from '../../helpers/cli-io.ts';
import { useTempDirs, writeConfig } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const packageVersion = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('streamtray main', () => {
  it('prints the version', async () => {
    const io = captureIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out()).toBe(`streamtray ${packageVersion}\n`);
  });

  it('lists every verb in --help', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const verb of ['check', 'report', 'secret'])
      expect(io.out()).toMatch(new RegExp(`^  ${verb} `, 'm'));
    expect(io.out()).toContain('--config FILE');
  });

  it("prints a verb's own usage for `<verb> --help`", async () => {
    const io = captureIo();
    expect(await main(['report', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^usage: streamtray report daily \[--source ID\|all\] --from/);
  });

  it('refuses an unknown verb with the usage, exit 2', async () => {
    const io = captureIo();
    expect(await main(['chek'], io)).toBe(2);
    expect(io.err()).toContain('unknown command "chek"');
    expect(io.err()).toContain('usage: streamtray');
    expect(io.out()).toBe('');
  });

  it('refuses a missing verb, exit 2', async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(2);
    expect(io.err()).toContain('missing command');
  });

  it('refuses unknown options, global or of the verb, exit 2', async () => {
    const global = captureIo();
    expect(await main(['--verbose', 'check'], global)).toBe(2);
    expect(global.err()).toContain('unknown option --verbose');

    const verb = captureIo();
    expect(await main(['check', '--jsn'], verb)).toBe(2);
    expect(verb.err()).toContain('streamtray check: unknown option --jsn');
    expect(verb.err()).toContain('usage: streamtray check [--json]');
  });

  it('refuses a --config without a value', async () => {
    const io = captureIo();
    expect(await main(['check', '--config'], io)).toBe(2);
    expect(io.err()).toContain('--config needs a value');
  });

  it('takes --config before or after the verb, over STREAMTRAY_CONFIG', async () => {
    const dir = await tempDir();
    const file = await writeConfig(dir, { sources: [] });
    for (const argv of [
      ['--config', file, 'check'],
      ['check', `--config=${file}`],
    ]) {
      const io = captureIo({ env: { STREAMTRAY_CONFIG: '/nonexistent/config.json', HOME: dir } });
      expect(await main(argv, io)).toBe(2);
      expect(io.err()).toContain(`${file}: no sources configured`);
    }
  });

  it('finds the config in the XDG config dir by default', async () => {
    const dir = await tempDir();
    const io = captureIo({ env: { HOME: dir, XDG_CONFIG_HOME: `${dir}/xdg` } });
    expect(await main(['check'], io)).toBe(2);
    expect(io.err()).toContain(`no config file at ${dir}/xdg/streamtray/config.json`);
  });
});
