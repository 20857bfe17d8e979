import { describe, expect, it } from 'vitest';
import { checkReportSchema, type SourceCheck } from '../../shared/domain.ts';
import { SECRET_ENV, SECRETS, simulatorConfig } from '../helpers/cli-simulators.ts';
import { useSimulators } from '../helpers/use-simulators.ts';
import { runCli, type CliRun } from '../helpers/run-cli.ts';
import { useTempDirs, writeConfig } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const simulators = useSimulators();

async function check(
  config: unknown,
  env: Record<string, string>,
  args: string[] = ['--json'],
): Promise<CliRun> {
  const dir = await tempDir();
  const file = await writeConfig(dir, config);
  const result = await runCli(['check', '--config', file, ...args], { env: { HOME: dir, ...env } });
  for (const secret of SECRETS) expect(result.stdout + result.stderr).not.toContain(secret);
  return result;
}

function lastServed(sim: { served: readonly { target: string; body: string }[] }, path: RegExp) {
  const entry = [...sim.served].reverse().find((served) => path.test(served.target));
  if (!entry) throw new Error(`the simulator served nothing matching ${String(path)}`);
  return JSON.parse(entry.body) as unknown;
}

function byId(sources: SourceCheck[], id: string): SourceCheck {
  const found = sources.find((source) => source.id === id);
  if (!found) throw new Error(`no source ${id} in the report`);
  return found;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

describe('streamtray check against the simulators', () => {
  it('reports what each simulator served, with exit 0', async () => {
    const result = await check(simulatorConfig(simulators()), SECRET_ENV);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = checkReportSchema.parse(JSON.parse(result.stdout));
    expect(report.sources.map((source) => source.id)).toEqual(['pili', 'se', 'wms']);

    // Qiniu: exactly the /stat/play body it was sent.
    const play = lastServed(simulators().pili, /\/stat\/play$/) as {
      total: { count: number; bandwidth: number };
      streams: Record<string, { count: number; bandwidth: number }>;
    };
    const pili = byId(report.sources, 'pili');
    expect(pili.ok).toBe(true);
    if (pili.ok) {
      expect(pili.viewers).toBe(play.total.count);
      expect(pili.bandwidthBps).toBe(play.total.bandwidth);
      expect([...pili.streams].sort(byName)).toEqual(
        Object.entries(play.streams)
          .map(([name, stat]) => ({ name, viewers: stat.count, bandwidthBps: stat.bandwidth }))
          .sort(byName),
      );
    }

    // ScaleEngine: the newest minute's rows; the source watches several apps, so names carry the app; no bandwidth.
    const log = lastServed(simulators().se, /^\/stable\//) as {
      data: { app: string; video_url: string; viewer_count_avg: number; time: string }[];
    };
    const newest = log.data.reduce((max, row) => (row.time > max ? row.time : max), '');
    const rows = log.data.filter((row) => row.time === newest);
    expect(rows.length).toBeGreaterThan(0);
    const expected = rows.map((row) => ({
      name: `${row.app}/${row.video_url}`,
      viewers: Math.round(row.viewer_count_avg),
      bandwidthBps: null,
    }));
    const se = byId(report.sources, 'se');
    expect(se.ok).toBe(true);
    if (se.ok) {
      expect([...se.streams].sort(byName)).toEqual(expected.sort(byName));
      expect(se.viewers).toBe(expected.reduce((sum, stream) => sum + stream.viewers, 0));
      expect(se.bandwidthBps).toBeNull();
    }

    // WMSPanel has no live figures: ok, and null rather than 0.
    expect(byId(report.sources, 'wms')).toEqual({
      id: 'wms',
      provider: 'wmspanel',
      ok: true,
      error: null,
      viewers: null,
      bandwidthBps: null,
      callsToday: 1,
      streams: [],
    });

    expect(report.total).toEqual({
      viewers: (pili.ok ? (pili.viewers ?? 0) : 0) + (se.ok ? (se.viewers ?? 0) : 0),
      bandwidthBps: play.total.bandwidth,
    });
  });

  it('reports rejected credentials of every provider as "auth", exit 1, without printing any secret', async () => {
    const wrong = {
      STREAMTRAY_SECRET_PILI: 'wrong-qiniu-secret',
      STREAMTRAY_SECRET_SE: 'wrong-se-secret',
      STREAMTRAY_SECRET_WMS: 'wrong-wms-api-key',
    };
    const result = await check(simulatorConfig(simulators()), wrong);
    expect(result.code).toBe(1);
    const report = checkReportSchema.parse(JSON.parse(result.stdout));
    expect(report.sources.map((source) => [source.id, source.ok ? 'ok' : source.error.kind])).toEqual([
      ['pili', 'auth'],
      ['se', 'auth'],
      ['wms', 'auth'],
    ]);
    expect(report.total).toEqual({ viewers: null, bandwidthBps: null });
    for (const value of Object.values(wrong)) expect(result.stdout + result.stderr).not.toContain(value);
  });

  it('keeps reporting the healthy sources when one fails, in the human table too', async () => {
    const result = await check(
      simulatorConfig(simulators()),
      { ...SECRET_ENV, STREAMTRAY_SECRET_SE: 'wrong-se-secret' },
      [],
    );
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SOURCE\s+PROVIDER\s+STATUS\s+VIEWERS\s+BANDWIDTH\s+ERROR$/);
    expect(lines[1]).toMatch(/^pili\s+qiniu\s+ok\s+[\d,]+\s+[\d.]+ [kMG]?bps$/);
    expect(lines[2]).toMatch(/^se\s+scaleengine\s+FAILED\s+auth: /);
    expect(lines[3]).toMatch(/^wms\s+wmspanel\s+ok\s+—\s+—$/);
    expect(lines[4]).toMatch(/^total\s+2\/3 ok\s+[\d,]+\s+[\d.]+ [kMG]?bps$/);
  });

  it('exits 2 naming the field of a broken config, before contacting anyone', async () => {
    const config = simulatorConfig(simulators());
    const broken = {
      ...config,
      sources: config.sources.map((source, index) =>
        index === 2 ? { ...source, clientId: undefined } : source,
      ),
    };
    const before = simulators().wms.served.length;
    const result = await check(broken, SECRET_ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sources[2].clientId: required');
    expect(result.stdout).toBe('');
    expect(simulators().wms.served.length).toBe(before);
  });

  it('exits 2 with the line and column of a config that is not JSON', async () => {
    const result = await check('{\n  "sources": [\n    { "id": "pili" },\n  ]\n}', SECRET_ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not valid JSON at line 4, column 3');
  });
  it('counts provider calls in the data dir: a second check reports the calls of both', async () => {
    const dir = await tempDir();
    const file = await writeConfig(dir, simulatorConfig(simulators()));
    const run = async () => {
      const result = await runCli(['check', '--config', file, '--json'], { env: { HOME: dir, ...SECRET_ENV } });
      expect(result.code).toBe(0);
      return checkReportSchema.parse(JSON.parse(result.stdout));
    };
    const first = await run();
    const second = await run();
    for (const source of first.sources) {
      // Each check makes the same calls; the second one's figure holds the first one's too.
      expect(source.callsToday).toBeGreaterThanOrEqual(1);
      expect(byId(second.sources, source.id).callsToday).toBe(2 * source.callsToday);
    }
  });
});
