import { afterEach, describe, expect, it } from 'vitest';
import {
  startDashboardServer,
  type DashboardServer,
} from '../../electron/core/dashboard/dashboard-server.ts';
import { ProviderError } from '../../electron/core/errors.ts';
import type { BridgeHandlers, Snapshot } from '../../shared/bridge.ts';
import type { BridgeError } from '../../renderer/bridge/bridge-error.ts';
import { createBridgeClient, type BridgeClient } from '../../renderer/bridge/create-bridge-client.ts';
import { createHttpTransport } from '../../renderer/bridge/http-transport.ts';
import { createEventBus, fakeHandlers, snapshotFixture } from '../unit/core/dashboard/fake-bridge.ts';

// The renderer's HTTP transport against the real dashboard listener, over a socket.

const TOKEN = 'tok-5b1e07c9d2a84f36';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function serve(
  handlers: Partial<BridgeHandlers> = {},
  port = 0,
): Promise<{ server: DashboardServer; bus: ReturnType<typeof createEventBus> }> {
  const bus = createEventBus();
  const server = await startDashboardServer({
    host: '127.0.0.1',
    port,
    staticDir: null,
    handlers: fakeHandlers(handlers),
    subscribe: bus.subscribe,
    metrics: () => '',
    token: TOKEN,
    log: () => {},
  });
  cleanup.push(() => server.close());
  return { server, bus };
}

function client(origin: string, problems: BridgeError[] = [], token: string | null = TOKEN): BridgeClient {
  const transport = createHttpTransport({
    baseUrl: origin,
    token,
    reconnectMinMs: 20,
    reconnectMaxMs: 100,
    onProblem: (e) => problems.push(e),
  });
  const made = createBridgeClient({ transport, onProblem: (e) => problems.push(e) });
  cleanup.push(() => made.close());
  return made;
}

/** Total viewers of every snapshot that arrives, in order. */
function collect(bridge: BridgeClient): (number | null)[] {
  const seen: (number | null)[] = [];
  cleanup.push(bridge.on('snapshot', (snapshot) => seen.push(snapshot.total.viewers)));
  return seen;
}

function nextSnapshot(
  bridge: BridgeClient,
  accept: (s: Snapshot) => boolean = () => true,
): Promise<Snapshot> {
  return new Promise((resolve) => {
    const off = bridge.on('snapshot', (snapshot) => {
      if (!accept(snapshot)) return;
      off();
      resolve(snapshot);
    });
  });
}

describe('the HTTP transport against the dashboard listener', () => {
  it('makes calls with the token and gets validated answers', async () => {
    const { server } = await serve({ snapshot: () => snapshotFixture(777) });
    const bridge = client(server.origin);
    expect((await bridge.snapshot({})).total.viewers).toBe(777);
    const series = await bridge.series({ sourceId: 'pili', fromMs: 0, toMs: 60_000, maxPoints: 42 });
    expect(series.series[0]?.viewers[0]).toBe(42);
  });

  it('reports the server failure kind, and a missing token as unauthorized', async () => {
    const { server } = await serve({
      testSource: () => {
        throw new ProviderError('auth', 'credentials rejected (HTTP 401)');
      },
    });
    await expect(client(server.origin).testSource({ id: 'pili' })).rejects.toMatchObject({
      kind: 'auth',
      message: 'credentials rejected (HTTP 401)',
    });
    await expect(client(server.origin, [], null).snapshot({})).rejects.toMatchObject({
      kind: 'unauthorized',
    });
  });

  it('reports an unreachable core as a network error', async () => {
    const { server } = await serve();
    const origin = server.origin;
    await server.close();
    await expect(client(origin).settings({})).rejects.toMatchObject({ kind: 'network' });
  });

  it('receives the snapshot on connect and events as the core publishes them', async () => {
    const { server, bus } = await serve({ snapshot: () => snapshotFixture(1) });
    const bridge = client(server.origin);
    const seen = collect(bridge);
    await expect.poll(() => seen).toEqual([1]);
    bus.emit('snapshot', snapshotFixture(2));
    await expect.poll(() => seen).toEqual([1, 2]);
  });

  it('drops a malformed event with a report and keeps the stream', async () => {
    const { server, bus } = await serve();
    const problems: BridgeError[] = [];
    const bridge = client(server.origin, problems);
    const seen = collect(bridge);
    await expect.poll(() => seen.length).toBe(1);
    // The core's types forbid this; a bug or a version skew could still send it.
    bus.emit('snapshot', { ...snapshotFixture(), sources: 'none' } as unknown as Snapshot);
    bus.emit('snapshot', snapshotFixture(3));
    await expect.poll(() => seen).toEqual([1234, 3]);
    expect(problems.map((p) => p.kind)).toEqual(['invalid-response']);
    expect(problems[0]?.message).toContain('sources');
  });

  it('reconnects after the core restarts and gets a fresh snapshot', async () => {
    const first = await serve({ snapshot: () => snapshotFixture(10) });
    const port = Number(new URL(first.server.origin).port);
    const problems: BridgeError[] = [];
    const bridge = client(first.server.origin, problems);
    expect((await nextSnapshot(bridge)).total.viewers).toBe(10);
    const afterRestart = nextSnapshot(bridge, (s) => s.total.viewers === 20);
    await first.server.close();
    await serve({ snapshot: () => snapshotFixture(20) }, port);
    expect((await afterRestart).total.viewers).toBe(20);
    expect(problems.some((p) => p.kind === 'network')).toBe(true);
    for (const problem of problems) expect(problem.message).not.toContain(TOKEN);
  });

  it('closes the event stream when the last listener leaves', async () => {
    const { server } = await serve();
    const streams: AbortSignal[] = [];
    const transport = createHttpTransport({
      baseUrl: server.origin,
      token: TOKEN,
      fetch: (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (url.endsWith('/api/events') && init?.signal) streams.push(init.signal);
        return fetch(input, init);
      },
    });
    const bridge = createBridgeClient({ transport });
    cleanup.push(() => bridge.close());
    const offSnapshot = bridge.on('snapshot', () => {});
    const offNotice = bridge.on('notice', () => {});
    await expect.poll(() => streams.length).toBe(1);
    offSnapshot();
    expect(streams[0]?.aborted).toBe(false);
    offNotice();
    expect(streams[0]?.aborted).toBe(true);
  });
});
