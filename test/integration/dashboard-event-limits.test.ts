import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/bridge.ts';
import {
  startDashboardServer,
  type DashboardServer,
} from '../../electron/core/dashboard/dashboard-server.ts';
import {
  createEventBus,
  fakeHandlers,
  parseFrame,
  postJson,
  readEvents,
  snapshotFixture,
} from '../unit/core/dashboard/fake-bridge.ts';

// Event-stream clients that never read must not grow the process without bound: the number of streams
// and the data queued for them are capped, the slowest client is dropped, and the core keeps running.

const MAX_CLIENTS = 8;
const MAX_TOTAL = 4 * 1024 * 1024;

const sockets: Socket[] = [];
const servers: DashboardServer[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(
  limits = { maxClients: MAX_CLIENTS, maxTotalBacklogBytes: MAX_TOTAL, maxBacklogBytes: 2 * MAX_TOTAL },
) {
  const bus = createEventBus();
  const server = await startDashboardServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: null,
    handlers: fakeHandlers(),
    subscribe: bus.subscribe,
    metrics: () => '',
    log: () => {},
    events: limits,
  });
  servers.push(server);
  return { server, bus };
}

/** Opens the event stream and then never reads from it. */
function stalledClient(origin: string): Socket {
  const url = new URL(origin);
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  socket.write(`GET /api/events HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`);
  socket.pause();
  sockets.push(socket);
  return socket;
}

/** A snapshot of about 200 KB, as a large deployment sends on every change. */
function bigSnapshot(seq: number): Snapshot {
  const base = snapshotFixture(seq);
  const streams = Array.from({ length: 3_000 }, (_, i) => ({
    name: `rtmp://edge.example.com/live/stream-${i}-${seq}`,
    viewers: i,
    bandwidthBps: i * 1000,
  }));
  return { ...base, sources: base.sources.map((source) => ({ ...source, streams })) };
}

describe('event-stream limits', () => {
  it('keeps the data queued for clients that never read under the cap, dropping the slowest', async () => {
    const { server, bus } = await start();
    for (let i = 0; i < MAX_CLIENTS; i++) stalledClient(server.origin);
    await expect.poll(() => server.eventStreams().clients).toBe(MAX_CLIENTS);

    let peak = 0;
    for (let seq = 0; seq < 150; seq++) {
      bus.emit('snapshot', bigSnapshot(seq));
      peak = Math.max(peak, server.eventStreams().queuedBytes);
    }
    // 150 snapshots of ~200 KB to 8 clients would be 240 MB queued without the cap.
    expect(peak).toBeLessThanOrEqual(MAX_TOTAL);
    expect(server.eventStreams().dropped).toBeGreaterThan(0);
    // The core's subscription is never what goes.
    expect(bus.listeners).toBe(1);

    // The server keeps answering, and a client that reads gets the next event.
    expect((await postJson(server.origin, 'snapshot', {})).status).toBe(200);
    let subscribed = false;
    const reader = readEvents(server.origin, '/api/events', (frames) => {
      subscribed ||= frames.some((f) => parseFrame(f)?.event === 'snapshot');
      return frames.some((f) => parseFrame(f)?.event === 'incident');
    });
    await expect.poll(() => subscribed).toBe(true);
    bus.emit('incident', {
      id: 1,
      sourceId: 'wms',
      subject: { kind: 'stream', name: 'live/main' },
      openedAt: 1,
      closedAt: null,
      downtimeMs: null,
      checkpoints: [],
      acknowledgedAt: null,
      eventIds: [1],
    });
    const { frames, close } = await reader;
    close();
    expect(frames.some((f) => parseFrame(f)?.event === 'incident')).toBe(true);
  }, 30_000);

  it('makes room for a new dashboard by dropping the client furthest behind', async () => {
    // Caps high enough that only the client count is in play.
    const { server, bus } = await start({
      maxClients: 3,
      maxTotalBacklogBytes: 2 ** 30,
      maxBacklogBytes: 2 ** 30,
    });
    stalledClient(server.origin);
    stalledClient(server.origin);
    await expect.poll(() => server.eventStreams().clients).toBe(2);
    // ~20 MB each, more than the kernel's socket buffers take: the stalled clients fall behind for good.
    for (let seq = 0; seq < 100; seq++) bus.emit('snapshot', bigSnapshot(seq));
    const keepingUp = await readEvents(server.origin, '/api/events', (frames) =>
      frames.some((f) => parseFrame(f)?.event === 'snapshot'),
    );
    const fresh = await readEvents(server.origin, '/api/events', (frames) =>
      frames.some((f) => parseFrame(f)?.event === 'snapshot'),
    );
    expect(fresh.status).toBe(200);
    // One stalled client went to make room; the client that reads was kept.
    expect(server.eventStreams()).toMatchObject({ clients: 3, dropped: 1 });
    expect(keepingUp.status).toBe(200);
    fresh.close();
    keepingUp.close();
  }, 30_000);

  it('answers 503 with Retry-After when every stream is taken by a client that keeps up', async () => {
    const { server } = await start();
    const open: (() => void)[] = [];
    for (let i = 0; i < MAX_CLIENTS; i++) {
      const stream = await readEvents(server.origin, '/api/events', (frames) =>
        frames.some((f) => parseFrame(f)?.event === 'snapshot'),
      );
      open.push(stream.close);
    }
    const refused = await readEvents(server.origin, '/api/events', () => true);
    for (const close of open) close();
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('10');
  });
});
