import { describe, expect, it } from 'vitest';
import { dailyStatsColumns, type DailyStatsRow } from '../../shared/daily-stats.ts';
import { CREDENTIALS, SECRET_ENV, SECRETS, simulatorConfig } from '../helpers/cli-simulators.ts';
import { useSimulators } from '../helpers/use-simulators.ts';
import { runCli, type CliRun } from '../helpers/run-cli.ts';
import { useTempDirs, writeConfig } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const simulators = useSimulators();

const RANGE = ['--from', '2026-10-01', '--to', '2026-10-21'];

async function report(
  args: string[],
  options: { env?: Record<string, string>; server?: string } = {},
): Promise<CliRun> {
  const dir = await tempDir();
  const config = simulatorConfig(simulators());
  if (options.server !== undefined) {
    config.sources = config.sources.map((source) =>
      source['id'] === 'wms' ? { ...source, server: options.server } : source,
    );
  }
  const file = await writeConfig(dir, config);
  const result = await runCli(['report', 'daily', '--source', 'wms', '--config', file, ...args], {
    env: { HOME: dir, ...SECRET_ENV, ...options.env },
  });
  for (const secret of SECRETS) expect(result.stdout + result.stderr).not.toContain(secret);
  return result;
}

/** The rows of the newest daily_stats answer, in date order. */
function servedRows(): { target: string; rows: DailyStatsRow[] } {
  const entry = [...simulators().wms.served]
    .reverse()
    .find((served) => served.target.startsWith('/v1/daily_stats'));
  if (!entry) throw new Error('the simulator served no daily_stats');
  const { stats } = JSON.parse(entry.body) as { stats: DailyStatsRow[] };
  return { target: entry.target, rows: [...stats].sort((a, b) => a.date.localeCompare(b.date)) };
}

describe('streamtray report daily against the WMSPanel simulator', () => {
  it('--format json prints the provider rows, every field as the provider names it, sorted by date', async () => {
    const result = await report([...RANGE, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as DailyStatsRow[];
    const { rows, target } = servedRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(printed).toEqual(rows);
    // Kept, not dropped: the undocumented counter older accounts send.
    expect(printed.every((row) => typeof row['wowza_viewers'] === 'number')).toBe(true);
    const query = new URLSearchParams(target.split('?')[1]);
    expect(query.get('data_slice')).toBe(simulators().wms.dataSlices[0]?.id);
    expect(query.get('client_id')).toBe(CREDENTIALS.wms.clientId);
    expect([query.get('from'), query.get('to')]).toEqual(['2026-10-01', '2026-10-21']);
  });

  it('--format csv prints the same values under the documented header (RFC 4180)', async () => {
    const result = await report([...RANGE, '--format', 'csv']);
    expect(result.code).toBe(0);
    const { rows } = servedRows();
    expect(result.stdout.endsWith('\r\n')).toBe(true);
    const lines = result.stdout.slice(0, -2).split('\r\n');
    const columns = dailyStatsColumns(rows);
    expect(lines[0]).toBe(columns.join(','));
    expect(lines.slice(1)).toEqual(rows.map((row) => columns.map((column) => String(row[column])).join(',')));
  });

  it('--format table prints one aligned line per day for people', async () => {
    const result = await report(RANGE);
    expect(result.code).toBe(0);
    const { rows } = servedRows();
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[0]).toMatch(
      /^DATE\s+VIEWERS\s+HLS\b.*\bIN\s+OUT\s+LOST\s+PEAK IN\s+PEAK OUT\s+VIEW TIME\s+WOWZA$/,
    );
    const first = rows[0] as DailyStatsRow;
    expect(lines[1]).toContain(first.date);
    expect(lines[1]).toContain(first.viewers.toLocaleString('en-US'));
    expect(lines[1]).toMatch(/ (GB|TB) /);
    expect(lines[1]).toMatch(/ [\d.]+ [MG]bps /);
  });

  it("--server overrides the source's server", async () => {
    const [configured, wanted] = simulators().wms.servers;
    expect(wanted).toBeDefined();
    await report([...RANGE, '--format', 'json'], { server: configured });
    expect(new URLSearchParams(servedRows().target.split('?')[1]).get('server')).toBe(configured);
    await report([...RANGE, '--format', 'json', '--server', wanted ?? '']);
    expect(new URLSearchParams(servedRows().target.split('?')[1]).get('server')).toBe(wanted);
  });

  it('exits 1 with the reason on stderr when WMSPanel fails, and prints no data', async () => {
    simulators().wms.faults.push({ kind: 'status', status: 503 }, 1);
    const failed = await report([...RANGE, '--format', 'json']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('streamtray report: source "wms": upstream:');
  });

  it('exits 1 naming the likely causes when the API key is rejected, without printing it', async () => {
    const result = await report(RANGE, { env: { STREAMTRAY_SECRET_WMS: 'not-the-api-key' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('auth: credentials rejected (HTTP 403)');
    expect(result.stderr).not.toContain('not-the-api-key');
    expect(result.stdout).toBe('');
  });
});
