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
  const source = args.includes('--source') ? [] : ['--source', 'wms'];
  const result = await runCli(['report', 'daily', ...source, '--config', file, ...args], {
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
    const printed = (JSON.parse(result.stdout) as { rows: DailyStatsRow[] }).rows;
    const { rows, target } = servedRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(printed).toEqual(rows.map(({ date, ...fields }) => ({ date, source: 'wms', ...fields })));
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
    const columns = ['date', 'source', ...dailyStatsColumns(rows).slice(1)];
    expect(lines[0]).toBe(columns.join(','));
    const withSource = rows.map((row): Record<string, unknown> => ({ ...row, source: 'wms' }));
    expect(lines.slice(1)).toEqual(
      withSource.map((row) => columns.map((column) => String(row[column])).join(',')),
    );
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

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The last three whole UTC days: history the simulators have by the hour and by the 5 minutes. */
const RECENT = { from: dayOf(Date.now() - 3 * DAY), to: dayOf(Date.now() - DAY) };
const RECENT_ARGS = ['--from', RECENT.from, '--to', RECENT.to];

interface ComputedRow {
  date: string;
  source: string;
  peak_viewers: number | null;
  avg_viewers: number | null;
  peak_bandwidth_bps: number | null;
  p95_bandwidth_bps: number | null;
  traffic_bytes: number | null;
}

/** What Pili's simulator served for history since `since` (an index into `served`), by UTC day. */
function servedPiliBuckets(since: number): Map<string, { count: number; bandwidth: number }[]> {
  const days = new Map<string, { count: number; bandwidth: number }[]>();
  for (const entry of simulators().pili.served.slice(since)) {
    if (!entry.target.includes('/stat/play/history?')) continue;
    const body = JSON.parse(entry.body) as {
      items: { time: number; stats: { count: number; bandwidth: number } }[];
    };
    for (const item of body.items) {
      const date = dayOf(item.time * 1000);
      days.set(date, [...(days.get(date) ?? []), item.stats]);
    }
  }
  return days;
}

describe('streamtray report daily for Qiniu and ScaleEngine, and for all sources', () => {
  it('computes each Qiniu day from the 5-minute history: max, mean, nearest-rank p95, Σ bandwidth × 300 / 8', async () => {
    const since = simulators().pili.served.length;
    const result = await report(['--source', 'pili', ...RECENT_ARGS, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = (JSON.parse(result.stdout) as { rows: ComputedRow[] }).rows;
    const days = servedPiliBuckets(since);
    expect(printed.map((row) => row.date)).toEqual([...days.keys()].sort());
    expect(printed).toHaveLength(3);
    for (const row of printed) {
      const buckets = days.get(row.date) ?? [];
      expect(buckets).toHaveLength(288);
      const bandwidths = buckets.map((bucket) => bucket.bandwidth).sort((a, b) => a - b);
      const counts = buckets.map((bucket) => bucket.count);
      expect(row).toEqual({
        date: row.date,
        source: 'pili',
        peak_viewers: Math.max(...counts),
        avg_viewers: counts.reduce((a, b) => a + b, 0) / 288,
        peak_bandwidth_bps: bandwidths[287],
        // ⌈0.95 × 288⌉ = 274, the 274th smallest.
        p95_bandwidth_bps: bandwidths[273],
        traffic_bytes: (bandwidths.reduce((a, b) => a + b, 0) * 300) / 8,
      });
    }
  });

  it('computes ScaleEngine days from the hourly viewer.log, with bandwidth and traffic null', async () => {
    const since = simulators().se.served.length;
    const result = await report(['--source', 'se', ...RECENT_ARGS, '--format', 'json']);
    expect(result.code).toBe(0);
    const printed = (JSON.parse(result.stdout) as { rows: ComputedRow[] }).rows;
    // Per day, per hour: the streams' summed average and maximum.
    const hours = new Map<string, Map<string, { avg: number; max: number }>>();
    for (const entry of simulators().se.served.slice(since)) {
      const body = JSON.parse(entry.body) as {
        data: { time: string; viewer_count_avg: number; viewer_count_max: number }[];
      };
      for (const record of body.data) {
        const date = record.time.slice(0, 10);
        if (date < RECENT.from || date > RECENT.to) continue;
        const day = hours.get(date) ?? new Map<string, { avg: number; max: number }>();
        const hour = day.get(record.time) ?? { avg: 0, max: 0 };
        day.set(record.time, {
          avg: hour.avg + record.viewer_count_avg,
          max: hour.max + record.viewer_count_max,
        });
        hours.set(date, day);
      }
    }
    expect(printed.map((row) => row.date)).toEqual([...hours.keys()].sort());
    for (const row of printed) {
      const day = [...(hours.get(row.date)?.values() ?? [])];
      expect(row).toEqual({
        date: row.date,
        source: 'se',
        peak_viewers: Math.max(...day.map((hour) => hour.max)),
        avg_viewers: day.reduce((sum, hour) => sum + hour.avg, 0) / day.length,
        peak_bandwidth_bps: null,
        p95_bandwidth_bps: null,
        traffic_bytes: null,
      });
    }
  });

  it('--source all (the default) gives every source in one CSV sorted by date then source, columns the union', async () => {
    const result = await report(['--source', 'all', ...RECENT_ARGS, '--format', 'csv']);
    expect(result.code).toBe(0);
    const lines = result.stdout.slice(0, -2).split('\r\n');
    const header = (lines[0] ?? '').split(',');
    expect(header.slice(0, 7)).toEqual([
      'date',
      'source',
      'peak_viewers',
      'avg_viewers',
      'peak_bandwidth_bps',
      'p95_bandwidth_bps',
      'traffic_bytes',
    ]);
    expect(header).toContain('total_view_time');
    const records = lines.slice(1).map((line) => line.split(','));
    const keys = records.map((cells) => `${cells[0]} ${cells[1]}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(records.map((cells) => cells[1]))).toEqual(new Set(['pili', 'se', 'wms']));
    const at = (name: string) => header.indexOf(name);
    for (const cells of records) {
      // Empty where a row has no value: ScaleEngine has no bandwidth, Qiniu no view time.
      if (cells[1] === 'se') expect(cells[at('traffic_bytes')]).toBe('');
      if (cells[1] === 'pili') expect(cells[at('total_view_time')]).toBe('');
      if (cells[1] === 'wms') expect(cells[at('peak_viewers')]).toBe('');
    }
  });

  it('prints the other sources and exits 1 naming the one that failed', async () => {
    const result = await report(['--source', 'all', ...RECENT_ARGS, '--format', 'json'], {
      env: { STREAMTRAY_SECRET_PILI: 'not-the-secret-key' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'streamtray report: source "pili": auth: credentials rejected (HTTP 401)',
    );
    expect(result.stderr).toContain('"pili" failed');
    const printed = JSON.parse(result.stdout) as {
      rows: ComputedRow[];
      errors: { source: string; kind: string }[];
    };
    expect(new Set(printed.rows.map((row) => row.source))).toEqual(new Set(['se', 'wms']));
    expect(printed.errors).toEqual([expect.objectContaining({ source: 'pili', kind: 'auth' })]);
  });

  it('prints one table of every source for people, view time in hours', async () => {
    const result = await report(RECENT_ARGS.concat(['--source', 'all']));
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^DATE\s+SOURCE\s+PEAK VIEWERS\s+AVG VIEWERS\s+PEAK BW\s+P95 BW\s+TRAFFIC\s+CONNECTIONS\b/,
    );
    expect(lines[0]).not.toContain('HLS');
    const wms = lines.find((line) => / wms /.test(line));
    if (wms !== undefined) expect(wms).toMatch(/ \d[\d,]* h \d+ m/);
    expect(lines.some((line) => / pili .* [\d.]+ [kMG]bps /.test(line))).toBe(true);
  });
});
