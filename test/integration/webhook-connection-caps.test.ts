import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSender } from '../../electron/simulators/webhook-sender/webhook-sender.ts';
import { startHarness, TOKEN, type Harness } from '../helpers/webhook-harness.ts';

// One peer opening hundreds of idle connections (a flood, or a broken proxy) must not lock WMSPanel out:
// each client address holds a bounded share, and idle connections are closed first to make room.

let harness: Harness | undefined;
const flood: Socket[] = [];
afterEach(async () => {
  for (const socket of flood.splice(0)) socket.destroy();
  await harness?.dispose();
  harness = undefined;
});

/** Opens `count` connections from `localAddress` that never send a byte; resolves once all are connected. */
async function openIdle(port: number, localAddress: string, count: number): Promise<Socket[]> {
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve) => {
          const socket = connect({ port, host: '127.0.0.1', localAddress });
          socket.on('error', () => {});
          socket.once('connect', () => resolve(socket));
          socket.once('close', () => resolve(socket));
        }),
    ),
  );
  flood.push(...sockets);
  return sockets;
}

const stillOpen = (sockets: readonly Socket[]) =>
  sockets.filter((socket) => !socket.destroyed && !socket.closed).length;

async function deliver(h: Harness, count: number): Promise<number[]> {
  const sender = createWebhookSender({ url: h.url, token: TOKEN, now: () => h.clock.now });
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      sender.streamEvent({ stream: `live/s${i}`, status: 'offline' }).then(
        (answer) => answer.status,
        () => 0,
      ),
    ),
  );
  return answers;
}

describe('webhook listener connection caps', () => {
  it('accepts every delivery from 127.0.0.1 while 127.0.0.2 holds 300 idle connections', async () => {
    // Timeouts far longer than the test: only the cap can make room, not the server timing idlers out.
    const h = (harness = await startHarness({ headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 }));
    const idle = await openIdle(h.listener.port, '127.0.0.2', 300);
    // The flood keeps at most its share (a quarter of 256): the rest were closed, oldest first.
    await expect.poll(() => stillOpen(idle), { timeout: 5_000 }).toBe(64);

    expect(h.listener.connections.byAddress().get('127.0.0.2')).toBe(64);
    expect(h.listener.connections.shed).toBe(236);

    const answers = await deliver(h, 40);
    expect(answers).toEqual(Array.from({ length: 40 }, () => 204));
    expect(h.log.list()).toHaveLength(40);
  });

  it('still lets deliveries in when many addresses together fill every connection', async () => {
    const h = (harness = await startHarness({
      headersTimeoutMs: 60_000,
      requestTimeoutMs: 60_000,
      maxConnections: 64,
      maxConnectionsPerAddress: 16,
    }));
    const peers = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
    const idle = (await Promise.all(peers.map((peer) => openIdle(h.listener.port, peer, 16)))).flat();
    await expect.poll(() => stillOpen(idle), { timeout: 5_000 }).toBe(64);

    const answers = await deliver(h, 20);
    expect(answers).toEqual(Array.from({ length: 20 }, () => 204));
  });

  it('keeps a peer that holds no more than its share connected', async () => {
    const h = (harness = await startHarness({ headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 }));
    const idle = await openIdle(h.listener.port, '127.0.0.3', 20);
    expect(await deliver(h, 10)).toEqual(Array.from({ length: 10 }, () => 204));
    expect(stillOpen(idle)).toBe(20);
  });
});
