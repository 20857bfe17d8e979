import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/alerts.ts';
import type { Snapshot, SourceSnapshot } from '../../../../shared/bridge.ts';
import { configSchema, type Config } from '../../../../shared/config.ts';
import { createStreamHandlers, type StreamHandlerContext } from '../../../../electron/core/bridge/stream-handlers.ts';
import { createManualClock } from '../../../../electron/core/clock.ts';
import { QiniuClient } from '../../../../electron/core/providers/qiniu/qiniu-client.ts';
import { openHistoryStore, type HistoryStore } from '../../../../electron/core/store/history/history-store.ts';
import { startQiniuSimulator, type QiniuSimulator } from '../../../../electron/simulators/qiniu/qiniu-simulator.ts';
import { STORAGE_OK } from '../../../../shared/storage.ts';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const config: Config = configSchema.parse({
  sources: [
    { id: 'pili', name: 'Pili', provider: 'qiniu', accessKey: 'AK', hub: 'live' },
    { id: 'wms', name: 'WMSPanel', provider: 'wmspanel', clientId: 'client' },
  ],
});

function sourceSnapshot(id: string, streams: SourceSnapshot['streams']): SourceSnapshot {
  return {
    id,
    name: id,
    provider: id === 'pili' ? 'qiniu' : 'wmspanel',
    state: 'scheduled',
    viewers: null,
    bandwidthBps: null,
    streams,
    lastSuccessAt: NOW,
    lastError: null,
    lastErrorAt: null,
    staleMs: 0,
    stale: false,
    callsToday: 0,
  };
}

function snapshotWith(sources: SourceSnapshot[], openIncidents: Incident[] = []): Snapshot {
  return {
    at: NOW,
    paused: false,
    storage: STORAGE_OK,
    sources,
    total: { viewers: null, bandwidthBps: null },
    openIncidents,
    glance: { viewers: null, bandwidthBps: null, state: 'ok', openIncidents: openIncidents.length },
  };
}

interface World {
  sim: QiniuSimulator;
  history: HistoryStore;
  streams: string[];
  detailCalls: () => number;
}

/** Qiniu's simulator, and a history in which polling ran only for the last half hour. */
async function world(): Promise<World> {
  const sim = await startQiniuSimulator({ accessKey: 'AK', secretKey: 'qiniu-secret', hub: 'live', streams: 6, now: () => NOW });
  cleanups.push(() => sim.close());
  const history = openHistoryStore({ file: ':memory:', clock: createManualClock(NOW) });
  cleanups.push(() => history.close());
  const streams = Object.keys(sim.liveAt(NOW).streams);
  for (let at = NOW - 30 * MINUTE; at <= NOW; at += MINUTE) {
    const live = sim.liveAt(at);
    await history.record('pili', {
      at,
      viewers: live.total.count,
      bandwidthBps: live.total.bandwidth,
      streams: Object.entries(live.streams).map(([name, stat]) => ({ name, viewers: stat.count, bandwidthBps: stat.bandwidth })),
    });
  }
  const detailCalls = () => sim.served.filter((one) => one.target.includes('history/detail')).length;
  return { sim, history, streams, detailCalls };
}

function context(w: World, overrides: Partial<StreamHandlerContext> = {}): StreamHandlerContext {
  const client = new QiniuClient({ sourceId: 'pili', accessKey: 'AK', secretKey: 'qiniu-secret', hub: 'live', baseUrl: `${w.sim.origin}/`, now: () => NOW });
  return {
    snapshot: () => snapshotWith([sourceSnapshot('pili', [])]),
    config: () => config,
    history: w.history,
    events: () => [],
    incidents: { list: () => [] },
    provider: (sourceId) => (sourceId === 'pili' ? Promise.resolve(client) : Promise.reject(new Error(`no client for ${sourceId}`))),
    now: () => NOW,
    ...overrides,
  };
}

const request = (stream: string, hours = 2) => ({ sourceId: 'pili', stream, fromMs: NOW - hours * 60 * MINUTE, toMs: NOW, maxPoints: 600 });

describe('stream handlers', () => {
  it('fills a stream’s chart from Qiniu’s per-stream history where polling did not run, asking each period once', async () => {
    const w = await world();
    const handlers = createStreamHandlers(context(w));
    const stream = w.streams[0] ?? '';
    const before = w.history.series({ ...request(stream), streams: [stream] })[0]?.t.length ?? 0;

    const first = await handlers.streamDetail(request(stream));
    // Two hours back, the last half hour polled: the 18 five-minute periods before it are asked for.
    expect(first.providerFill).toEqual({ filled: 18, remaining: 0, error: null });
    expect(w.detailCalls()).toBe(18);
    expect(first.series.stream).toBe(stream);
    expect(first.series.t.length).toBeGreaterThan(before);
    expect(Math.min(...first.series.t)).toBeLessThan(NOW - 30 * MINUTE);

    // One answer holds every stream: another stream's chart is filled too, with no further call.
    const other = w.streams[1] ?? '';
    const second = await handlers.streamDetail(request(other));
    expect(second.providerFill).toEqual({ filled: 0, remaining: 0, error: null });
    expect(w.detailCalls()).toBe(18);
    expect(Math.min(...second.series.t)).toBeLessThan(NOW - 30 * MINUTE);
  });

  it('asks at most a bounded number of periods per opening and continues on the next', async () => {
    const w = await world();
    const handlers = createStreamHandlers(context(w));
    const stream = w.streams[0] ?? '';
    const first = await handlers.streamDetail(request(stream, 24));
    expect(first.providerFill?.filled).toBe(72);
    expect(first.providerFill?.remaining).toBeGreaterThan(0);
    const next = await handlers.streamDetail(request(stream, 24));
    expect(next.providerFill?.filled).toBe(Math.min(72, first.providerFill?.remaining ?? 0));
  });

  it('still shows what polling stored when Qiniu refuses, and says why', async () => {
    const w = await world();
    w.sim.faults.push({ kind: 'status', status: 401 }, 0);
    const stream = w.streams[0] ?? '';
    const answer = await createStreamHandlers(context(w)).streamDetail(request(stream));
    expect(answer.providerFill?.filled).toBe(0);
    expect(answer.providerFill?.error).toMatch(/credentials rejected/);
    expect(answer.providerFill?.error).not.toContain('qiniu-secret');
    expect(answer.series.t.length).toBeGreaterThan(20);
  });

  it('gives other providers’ streams their stored history without asking any provider', async () => {
    const w = await world();
    await w.history.record('wms', { at: NOW - MINUTE, viewers: 3, bandwidthBps: null, streams: [{ name: 'cam', viewers: 3, bandwidthBps: null }] });
    const answer = await createStreamHandlers(context(w)).streamDetail({ ...request('cam'), sourceId: 'wms' });
    expect(answer.providerFill).toBeNull();
    expect(answer.series.viewers).toEqual([3]);
  });

  it('lists the stream’s own incidents in the range, newest first', async () => {
    const w = await world();
    const opened = (id: number, name: string, openedAt: number): Incident => ({
      id,
      sourceId: 'pili',
      subject: { kind: 'stream', name },
      openedAt,
      closedAt: openedAt + MINUTE,
      downtimeMs: MINUTE,
      checkpoints: [],
      acknowledgedAt: null,
      eventIds: [id],
    });
    const all = [opened(1, 'cam', NOW - 90 * MINUTE), opened(2, 'other', NOW - 80 * MINUTE), opened(3, 'cam', NOW - 10 * MINUTE)];
    const handlers = createStreamHandlers(context(w, { incidents: { list: () => all } }));
    const answer = await handlers.streamDetail(request('cam'));
    expect(answer.incidents.map((incident) => incident.id)).toEqual([3, 1]);
  });

  it('refuses an unknown source and a range that ends before it starts, saying which', async () => {
    const w = await world();
    const handlers = createStreamHandlers(context(w));
    await expect(handlers.streamDetail({ ...request('cam'), sourceId: 'nope' })).rejects.toThrow('no source with id "nope"');
    await expect(handlers.streamDetail({ ...request('cam'), fromMs: NOW, toMs: NOW - 1 })).rejects.toThrow(/must end after it starts/);
  });

  it('catalogs live streams, streams polling saw earlier, and WMSPanel streams known from alerts', async () => {
    const w = await world();
    const live = w.streams.slice(0, 2).map((name) => ({ name, viewers: 5, bandwidthBps: 1e6 }));
    const handlers = createStreamHandlers(
      context(w, {
        snapshot: () => snapshotWith([sourceSnapshot('pili', live), sourceSnapshot('wms', [])]),
        events: () => [
          { id: 1, sourceId: 'wms', subject: { kind: 'stream', name: 'rtmp://edge/live/keynote' }, status: 'offline', occurredAt: NOW - MINUTE, receivedAt: NOW - MINUTE, origin: 'webhook', checkpoints: ['Paris'] },
        ],
      }),
    );
    const { streams } = await handlers.streamCatalog({});
    const states = new Map(streams.map((entry) => [`${entry.sourceId}/${entry.name}`, entry.state]));
    for (const name of w.streams.slice(0, 2)) expect(states.get(`pili/${name}`)).toBe('live');
    for (const name of w.streams.slice(2)) expect(states.get(`pili/${name}`)).toBe('offline');
    expect(states.get('wms/rtmp://edge/live/keynote')).toBe('offline');
    // Streams last seen before `sinceMs` are left out.
    const recent = (await handlers.streamCatalog({ sinceMs: NOW + 1 })).streams.map((entry) => entry.name);
    expect(recent.sort()).toEqual([...w.streams.slice(0, 2), 'rtmp://edge/live/keynote'].sort());
  });
});
