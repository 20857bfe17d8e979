import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAILY_STATS_FIELDS } from '../../shared/daily-stats.ts';
import { ProviderError } from '../../electron/core/errors.ts';
import {
  WmspanelClient,
  type WmspanelClientOptions,
} from '../../electron/core/providers/wmspanel/wmspanel-client.ts';
import {
  startWmspanelSimulator,
  type WmspanelSimulator,
  type WmspanelSimulatorOptions,
} from '../../electron/simulators/wmspanel/wmspanel-simulator.ts';

// A key distinctive enough that finding it anywhere in an error means it leaked.
const API_KEY = 'K3y-LEAK-CANARY-9f8e7d6c5b4a';
const CLIENT_ID = 'a5bd8b0e-client';
const NOW = Date.parse('2024-06-15T12:00:00Z');

let sim: WmspanelSimulator;

async function start(options: Partial<WmspanelSimulatorOptions> = {}): Promise<void> {
  await sim.close();
  sim = await startWmspanelSimulator({ clientId: CLIENT_ID, apiKey: API_KEY, now: () => NOW, ...options });
}

function client(options: Partial<WmspanelClientOptions> = {}): WmspanelClient {
  return new WmspanelClient({
    sourceId: 'wms',
    clientId: CLIENT_ID,
    apiKey: API_KEY,
    baseUrl: `${sim.origin}/v1`,
    now: () => NOW,
    ...options,
  });
}

/** The rejection of `promise`, which must be a ProviderError carrying no secret anywhere. */
async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProviderError);
  const providerError = error as ProviderError;
  for (const text of [
    providerError.message,
    providerError.stack ?? '',
    JSON.stringify(providerError.toSourceError()),
  ]) {
    expect(text).not.toContain(API_KEY);
  }
  return providerError;
}

/** The rows the simulator last put on the wire, as a client should report them: sorted by date. */
function lastServedRows(): Record<string, unknown>[] {
  const last = sim.served.at(-1);
  if (!last) throw new Error('nothing served');
  const body = JSON.parse(last.body) as { stats: Record<string, unknown>[] };
  return [...body.stats].sort((a, b) => String(a['date']).localeCompare(String(b['date'])));
}

beforeEach(async () => {
  sim = await startWmspanelSimulator({ clientId: CLIENT_ID, apiKey: API_KEY, now: () => NOW });
});
afterEach(async () => {
  await sim.close();
});

describe('WmspanelClient against the simulator', () => {
  it('lists the account data slices', async () => {
    expect(await client().dataSlices()).toEqual(sim.dataSlices);
  });

  it('reports daily stats exactly as served, sorted by date, with every documented field', async () => {
    const rows = await client().dailyStats({ from: '2024-04-01', to: '2024-05-31' });
    const served = lastServedRows();
    expect(rows).toEqual(served);
    // The simulator shuffles; the client must not pass that disorder on.
    expect(JSON.parse(sim.served.at(-1)?.body ?? '{}')).not.toEqual({ status: 'Ok', stats: served });
    const dates = rows.map((row) => row.date);
    expect(dates).toEqual([...dates].sort());
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.length).toBeLessThan(61); // some days have no data
    for (const row of rows) expect(Object.keys(row).sort()).toEqual([...DAILY_STATS_FIELDS].sort());
    // No slice configured: left out, as user-specific keys allow, rather than sent empty.
    expect(sim.served.at(-1)?.target).not.toContain('data_slice=');
  });

  it('sends the configured data slice and server, and lets the query override them', async () => {
    const [first, second] = sim.dataSlices;
    const [serverA, serverB] = sim.servers;
    const wms = client({ dataSlice: first?.id, server: serverA });
    await wms.dailyStats({ from: '2024-05-01', to: '2024-05-07' });
    const query = new URLSearchParams(sim.served.at(-1)?.target.split('?')[1]);
    expect([query.get('data_slice'), query.get('server'), query.get('from'), query.get('to')]).toEqual([
      first?.id,
      serverA,
      '2024-05-01',
      '2024-05-07',
    ]);
    await wms.dailyStats({ from: '2024-05-01', to: '2024-05-07', dataSlice: second?.id, server: serverB });
    const overridden = new URLSearchParams(sim.served.at(-1)?.target.split('?')[1]);
    expect([overridden.get('data_slice'), overridden.get('server')]).toEqual([second?.id, serverB]);
  });

  it('filters by server: one server carries part of the whole slice', async () => {
    const wms = client({ dataSlice: sim.dataSlices[0]?.id });
    const all = await wms.dailyStats({ from: '2024-05-01', to: '2024-05-10' });
    const one = await wms.dailyStats({ from: '2024-05-01', to: '2024-05-10', server: sim.servers[1] });
    expect(one).toEqual(lastServedRows());
    expect(one.map((row) => row.date)).toEqual(all.map((row) => row.date));
    one.forEach((row, i) => expect(row.viewers).toBeLessThan(all[i]?.viewers ?? 0));
  });

  it('keeps the undocumented *_viewers counters older accounts send', async () => {
    await start({ legacyViewerFields: true });
    const rows = await client().dailyStats({ from: '2024-05-01', to: '2024-05-03' });
    expect(rows).toEqual(lastServedRows());
    for (const row of rows) expect(row['wowza_viewers']).toEqual(expect.any(Number));
  });

  it('polls by proving the credentials work: viewers and bandwidth are unknown, not zero', async () => {
    const reading = await client({ dataSlice: sim.dataSlices[1]?.id }).poll();
    expect(reading).toEqual({ at: NOW, viewers: null, bandwidthBps: null, streams: [] });
  });

  it('fails a poll whose configured data slice the account does not have, naming it', async () => {
    const error = await failure(client({ dataSlice: '0123456789abcdef01234567' }).poll());
    expect(error.kind).toBe('config');
    expect(error.message).toContain('0123456789abcdef01234567');
    expect(error.message).toContain(sim.dataSlices[0]?.id);
  });

  describe('HTTP 403 names the three causes and never the key', () => {
    const causes = [/client ID and API key/, /IP is on the API whitelist/, /enabled the pull API/];

    it.each([
      ['a wrong API key', {}, { apiKey: `${API_KEY}x` }],
      ['a wrong client ID', {}, { clientId: 'someone-else' }],
      ['an account without pull API', { apiEnabled: false }, {}],
      ['a caller IP missing from the whitelist', { whitelist: ['203.0.113.7'] }, {}],
    ] as const)('%s', async (_, simOptions, clientOptions) => {
      await start(simOptions);
      const error = await failure(client(clientOptions).dataSlices());
      expect(error.kind).toBe('auth');
      expect(error.status).toBe(403);
      for (const cause of causes) expect(error.message).toMatch(cause);
    });

    it('credentials refused by the provider despite being right', async () => {
      sim.faults.push({ kind: 'wrong-credentials' });
      const error = await failure(client().dailyStats({ from: '2024-05-01', to: '2024-05-02' }));
      expect(error.kind).toBe('auth');
    });
  });

  it('reports a 200 whose status is not "Ok" as the provider error, with its message', async () => {
    const error = await failure(
      client().dailyStats({ from: '2024-05-01', to: '2024-05-02', dataSlice: 'ffffffffffffffffffffffff' }),
    );
    expect(error.kind).toBe('provider');
    expect(error.message).toContain('Data slice not found');
  });

  it.each([500, 502, 503, 429])('treats HTTP %i as a temporary upstream failure to retry', async (status) => {
    sim.faults.push({ kind: 'status', status });
    const error = await failure(client().dataSlices());
    expect(error.kind).toBe('upstream');
    expect(error.status).toBe(status);
    expect(error.message).toMatch(/retry/);
  });

  it('reports another unexpected status with its number', async () => {
    sim.faults.push({ kind: 'status', status: 404 });
    const error = await failure(client().dataSlices());
    expect(error.kind).toBe('provider');
    expect(error.message).toContain('HTTP 404');
  });

  it.each(['malformed-json', 'truncated'] as const)(
    'refuses a %s body as an invalid response',
    async (kind) => {
      sim.faults.push({ kind });
      const error = await failure(client().dailyStats({ from: '2024-05-01', to: '2024-05-31' }));
      expect(error.kind).toBe('invalid-response');
      expect(error.message).toMatch(/not valid JSON/);
    },
  );

  it('refuses drifted daily stats, naming the field rather than reading a wrong number', async () => {
    sim.faults.push({ kind: 'schema-drift' });
    const error = await failure(client().dailyStats({ from: '2024-05-01', to: '2024-05-31' }));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/stats\[0\]\.viewers: expected number, got string/);
  });

  it('refuses drifted data slices, naming the field', async () => {
    sim.faults.push({ kind: 'schema-drift' });
    const error = await failure(client().dataSlices());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('data_slices[0].id: required');
  });

  it('gives up on a slow answer after its timeout', async () => {
    sim.faults.push({ kind: 'latency', ms: 2_000 });
    const error = await failure(client({ timeoutMs: 100 }).dataSlices());
    expect(error.kind).toBe('timeout');
  });

  it("honours the caller's cancellation as a cancellation, not a failure", async () => {
    sim.faults.push({ kind: 'latency', ms: 2_000 });
    const controller = new AbortController();
    const reason = new Error('poller stopped');
    const call = client().poll({ signal: controller.signal });
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });

  it('reports an unreachable API as a network error without the key', async () => {
    const { origin } = sim;
    await sim.close();
    const error = await failure(client({ baseUrl: `${origin}/v1` }).dataSlices());
    expect(error.kind).toBe('network');
    sim = await startWmspanelSimulator({ clientId: CLIENT_ID, apiKey: API_KEY });
  });

  it('refuses plain http to another machine before sending any credentials', () => {
    let thrown: unknown;
    try {
      client({ baseUrl: 'http://api.wmspanel.com/v1/' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderError);
    expect(thrown).toMatchObject({ kind: 'config' });
    expect((thrown as ProviderError).message).toMatch(/https is required/);
  });

  it.each([
    ['2024-02-30', '2024-03-01', /from: expected a calendar date/],
    ['2024-5-01', '2024-05-02', /from: expected a calendar date/],
    ['2024-05-01', '01/06/2024', /to: expected a calendar date/],
    ['2024-05-02', '2024-05-01', /from \(2024-05-02\) is after to \(2024-05-01\)/],
  ])('checks the range %s..%s before calling', async (from, to, message) => {
    const error = await failure(client().dailyStats({ from, to }));
    expect(error.kind).toBe('config');
    expect(error.message).toMatch(message);
    expect(sim.served).toHaveLength(0);
  });
});
