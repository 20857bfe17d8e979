import { afterEach, describe, expect, it } from 'vitest';
import {
  startWmspanelSimulator,
  type WmspanelSimulator,
  type WmspanelSimulatorOptions,
} from '../../electron/simulators/wmspanel/wmspanel-simulator.ts';

// The simulator's own rules, checked over the wire with plain fetch (no client code involved).

const CLIENT_ID = 'sim-client';
const API_KEY = 'sim-api-key-0001';
const NOW = Date.parse('2024-06-15T12:00:00Z');

type Row = Record<string, number | string> & { date: string; viewers: number };
interface Answer {
  status: number;
  body: { status?: string; message?: string; stats?: Row[]; data_slices?: { id: string; name: string }[] };
}

const running: WmspanelSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function simulator(options: Partial<WmspanelSimulatorOptions> = {}): Promise<WmspanelSimulator> {
  const sim = await startWmspanelSimulator({
    clientId: CLIENT_ID,
    apiKey: API_KEY,
    now: () => NOW,
    ...options,
  });
  running.push(sim);
  return sim;
}

async function get(
  sim: WmspanelSimulator,
  call: string,
  params: Record<string, string> = {},
): Promise<Answer> {
  const query = new URLSearchParams({ client_id: CLIENT_ID, api_key: API_KEY, ...params });
  const response = await fetch(`${sim.origin}/v1/${call}?${query.toString()}`);
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function stats(sim: WmspanelSimulator, params: Record<string, string>): Promise<Row[]> {
  const answer = await get(sim, 'daily_stats', params);
  expect(answer.body.status).toBe('Ok');
  return answer.body.stats ?? [];
}

const byDate = (rows: Row[]) => [...rows].sort((a, b) => a.date.localeCompare(b.date));

describe('WMSPanel simulator', () => {
  describe('credentials', () => {
    it('answers the right client ID and API key', async () => {
      const sim = await simulator();
      const answer = await get(sim, 'data_slices');
      expect(answer.status).toBe(200);
      expect(answer.body.data_slices).toEqual(sim.dataSlices);
    });

    it.each([
      ['a wrong key', {}, { api_key: `${API_KEY}0` }],
      ['a wrong client ID', {}, { client_id: 'other' }],
      ['a missing key', {}, { api_key: '' }],
      ['an account without pull API', { apiEnabled: false }, {}],
      ['a caller outside the whitelist', { whitelist: ['198.51.100.4'] }, {}],
    ] as const)('refuses %s with HTTP 403', async (_, options, params) => {
      const sim = await simulator(options);
      const answer = await get(sim, 'daily_stats', { from: '2024-06-01', to: '2024-06-02', ...params });
      expect(answer.status).toBe(403);
    });

    it('answers a caller on the whitelist', async () => {
      const sim = await simulator({ whitelist: ['198.51.100.4', '127.0.0.1'] });
      expect((await get(sim, 'data_slices')).status).toBe(200);
    });

    it('refuses right credentials while a wrong-credentials fault is injected, then recovers', async () => {
      const sim = await simulator();
      sim.faults.push({ kind: 'wrong-credentials' });
      expect((await get(sim, 'data_slices')).status).toBe(403);
      expect((await get(sim, 'data_slices')).status).toBe(200);
    });
  });

  it('names data slices and servers with 24-hex ids, as WMSPanel does', async () => {
    const sim = await simulator();
    const ids = [...sim.dataSlices.map((slice) => slice.id), ...sim.servers];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('leaves out about one past day in ten, never today, and nothing after today', async () => {
    const sim = await simulator();
    const rows = await stats(sim, { from: '2023-06-15', to: '2024-12-31' });
    const dates = rows.map((row) => row.date);
    expect(dates).toContain('2024-06-15');
    expect(dates.every((date) => date <= '2024-06-15')).toBe(true);
    const pastDays = 366; // 2023-06-15 .. 2024-06-14
    const missing = pastDays - (rows.length - 1);
    expect(missing / pastDays).toBeGreaterThan(0.04);
    expect(missing / pastDays).toBeLessThan(0.18);
  });

  it('has no data before the account was opened', async () => {
    const sim = await simulator();
    const rows = await stats(sim, { from: '2014-07-01', to: '2014-08-31' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.date >= '2014-08-05')).toBe(true);
  });

  it('returns rows out of date order, the same disorder every time', async () => {
    const sim = await simulator();
    const params = { from: '2024-05-01', to: '2024-05-31' };
    const first = await stats(sim, params);
    expect(first.map((row) => row.date)).not.toEqual(byDate(first).map((row) => row.date));
    expect(await stats(sim, params)).toEqual(first);
  });

  it('is deterministic in its seed: same seed same figures, another seed other figures', async () => {
    const params = { from: '2024-05-01', to: '2024-05-07' };
    const a = byDate(await stats(await simulator({ seed: 'one' }), params));
    const b = byDate(await stats(await simulator({ seed: 'one' }), params));
    const c = byDate(await stats(await simulator({ seed: 'two' }), params));
    expect(b).toEqual(a);
    expect(c.map((row) => row.viewers)).not.toEqual(a.map((row) => row.viewers));
  });

  it('produces consistent figures: protocol counts add up, traffic fits under the peak rate', async () => {
    const sim = await simulator({ legacyViewerFields: true });
    const rows = await stats(sim, { from: '2024-05-01', to: '2024-06-14' });
    for (const row of rows) {
      const parts = Object.entries(row).filter(([key]) => key.endsWith('_viewers'));
      expect(parts.map(([key]) => key)).toContain('wowza_viewers');
      expect(parts.reduce((sum, [, value]) => sum + Number(value), 0)).toBe(row.viewers);
      expect(row.viewers).toBeGreaterThan(0);
      // Bytes in a day cannot exceed the peak rate (bits per second) held for the whole day.
      expect(Number(row['message_out'])).toBeLessThanOrEqual(
        (Number(row['max_message_out_rate']) * 86_400) / 8,
      );
      expect(Number(row['message_in'])).toBeLessThanOrEqual(
        (Number(row['max_message_in_rate']) * 86_400) / 8,
      );
      expect(Number(row['message_lost'])).toBeLessThan(Number(row['message_out']));
      // Sessions between a few minutes and half an hour.
      const session = Number(row['total_view_time']) / row.viewers;
      expect(session).toBeGreaterThan(240);
      expect(session).toBeLessThan(1800);
    }
  });

  it('sends no undocumented counters unless asked to play an older account', async () => {
    const sim = await simulator();
    const rows = await stats(sim, { from: '2024-05-01', to: '2024-05-03' });
    for (const row of rows) expect(row).not.toHaveProperty('wowza_viewers');
  });

  it('adds up per-server rows to the whole slice', async () => {
    const sim = await simulator();
    const slice = sim.dataSlices[1]?.id ?? '';
    const params = { from: '2024-05-01', to: '2024-05-05', data_slice: slice };
    const whole = byDate(await stats(sim, params));
    const perServer = await Promise.all(
      sim.servers.map(async (server) => byDate(await stats(sim, { ...params, server }))),
    );
    whole.forEach((row, i) => {
      for (const field of ['viewers', 'hls_viewers', 'message_out', 'total_view_time']) {
        expect(perServer.reduce((sum, rows) => sum + Number(rows[i]?.[field]), 0)).toBe(row[field]);
      }
    });
  });

  it('counts only the hours of today that have begun', async () => {
    const morning = await simulator({ now: () => Date.parse('2024-06-15T06:00:00Z') });
    const nextDay = await simulator({ now: () => Date.parse('2024-06-16T06:00:00Z') });
    const params = { from: '2024-06-15', to: '2024-06-15' };
    const [partial] = await stats(morning, params);
    const [complete] = await stats(nextDay, params);
    expect(Number(partial?.['total_view_time'])).toBeLessThan(Number(complete?.['total_view_time']) / 2);
  });

  it('serves the first slice to keys that omit data_slice', async () => {
    const sim = await simulator();
    const params = { from: '2024-05-01', to: '2024-05-03' };
    expect(await stats(sim, params)).toEqual(
      await stats(sim, { ...params, data_slice: sim.dataSlices[0]?.id ?? '' }),
    );
  });

  it.each([
    [{ from: '2024-02-30', to: '2024-03-01' }, /from/],
    [{ from: '2024-03-01' }, /to/],
    [{ from: '2024-03-02', to: '2024-03-01' }, /later/],
    [{ from: '2024-03-01', to: '2024-03-02', data_slice: 'nope' }, /Data slice not found/],
    [{ from: '2024-03-01', to: '2024-03-02', server: 'nope' }, /Server not found/],
  ])('answers a bad request %j with HTTP 200 and status Error', async (params, message) => {
    const sim = await simulator();
    const answer = await get(sim, 'daily_stats', params);
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('Error');
    expect(answer.body.message).toMatch(message);
  });

  it('drifts plausibly: viewers become strings', async () => {
    const sim = await simulator();
    sim.faults.push({ kind: 'schema-drift' });
    const rows = await stats(sim, { from: '2024-05-01', to: '2024-05-03' });
    for (const row of rows) expect(typeof row.viewers).toBe('string');
  });

  it('answers an injected 5xx in its own error shape', async () => {
    const sim = await simulator();
    sim.faults.push({ kind: 'status', status: 503 });
    const answer = await get(sim, 'data_slices');
    expect(answer).toEqual({ status: 503, body: { status: 'Error', message: 'Internal server error' } });
  });
});
