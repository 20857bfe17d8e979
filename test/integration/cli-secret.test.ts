import { describe, expect, it } from 'vitest';
import { checkReportSchema } from '../../shared/domain.ts';
import { CREDENTIALS, simulatorConfig } from '../helpers/cli-simulators.ts';
import { useSimulators } from '../helpers/use-simulators.ts';
import { CLI_BIN, runCli } from '../helpers/run-cli.ts';
import { inSecretServiceSession, isolatedHome } from '../helpers/secret-service.ts';
import { useTempDirs, writeConfig } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const simulators = useSimulators();

// Each step prints its output followed by "::<step>=<exit code>" so one session can run them in order.
const SCRIPT = `
printf '%s\\n' "$WMS_KEY" | "$NODE" "$CLI" secret set wms --config "$CONFIG"; echo "::set=$?"
"$NODE" "$CLI" check --json --config "$CONFIG"; echo "::check=$?"
"$NODE" "$CLI" secret delete wms --config "$CONFIG"; echo "::delete=$?"
"$NODE" "$CLI" check --json --config "$CONFIG"; echo "::check-after-delete=$?"
`;

function steps(stdout: string): Map<string, { output: string; code: number }> {
  const result = new Map<string, { output: string; code: number }>();
  let output = '';
  for (const line of stdout.split('\n')) {
    const marker = /^::([a-z-]+)=(\d+)$/.exec(line);
    if (marker) {
      result.set(marker[1] ?? '', { output, code: Number(marker[2]) });
      output = '';
    } else output += `${line}\n`;
  }
  return result;
}

describe.runIf(process.platform === 'linux')('streamtray secret with a real OS keychain', () => {
  it('stores the key from stdin, check then uses it; after delete the source says how to add it again', async () => {
    const dir = await tempDir();
    const config = simulatorConfig(simulators());
    const file = await writeConfig(dir, {
      sources: config.sources.filter((source) => source['id'] === 'wms'),
    });
    const session = await inSecretServiceSession(['sh', '-c', SCRIPT], {
      ...(await isolatedHome(dir)),
      NODE: process.execPath,
      CLI: CLI_BIN,
      CONFIG: file,
      WMS_KEY: CREDENTIALS.wms.apiKey,
    });
    expect(session.stdout + session.stderr).not.toContain(CREDENTIALS.wms.apiKey);
    const ran = steps(session.stdout);

    expect(ran.get('set')).toEqual({
      code: 0,
      output:
        'stored the API secret of source "wms" in the OS keychain (service "streamtray", account "wms:api")\n',
    });

    const check = ran.get('check');
    expect(check?.code, session.stderr).toBe(0);
    expect(checkReportSchema.parse(JSON.parse(check?.output ?? '')).sources[0]).toMatchObject({
      id: 'wms',
      ok: true,
    });

    expect(ran.get('delete')?.code).toBe(0);
    expect(ran.get('delete')?.output).toContain('deleted the API secret of source "wms"');

    const after = ran.get('check-after-delete');
    expect(after?.code).toBe(1);
    expect(checkReportSchema.parse(JSON.parse(after?.output ?? '')).sources[0]).toMatchObject({
      ok: false,
      error: {
        kind: 'config',
        message:
          'no API secret for source "wms": run "streamtray secret set wms" or set STREAMTRAY_SECRET_WMS',
      },
    });
  });

  it('without a keychain, check and secret fail fast and say what to do instead', async () => {
    const dir = await tempDir();
    const file = await writeConfig(dir, simulatorConfig(simulators()));
    const env = { ...(await isolatedHome(dir)), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    const started = Date.now();
    const check = await runCli(['check', '--json', '--config', file], { env });
    const set = await runCli(['secret', 'set', 'wms', '--config', file], { env, stdin: 'some-value-1234' });
    expect(Date.now() - started).toBeLessThan(10_000);

    expect(check.code).toBe(1);
    const report = checkReportSchema.parse(JSON.parse(check.stdout));
    for (const source of report.sources) {
      expect(source.ok).toBe(false);
      if (!source.ok) {
        expect(source.error.kind).toBe('config');
        expect(source.error.message).toMatch(/OS keychain.*STREAMTRAY_SECRET_<ID>/);
      }
    }
    expect(set.code).toBe(1);
    expect(set.stderr).toMatch(
      /^streamtray secret: could not store the secret in the OS keychain: .*STREAMTRAY_SECRET_<ID>/m,
    );
    expect(set.stdout + set.stderr).not.toContain('some-value-1234');
  });
});
