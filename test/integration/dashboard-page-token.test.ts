import { afterEach, describe, expect, it } from 'vitest';
import {
  startDashboardServer,
  type DashboardServer,
} from '../../electron/core/dashboard/dashboard-server.ts';
import { createBridgeClient } from '../../renderer/bridge/create-bridge-client.ts';
import { createHttpTransport } from '../../renderer/bridge/http-transport.ts';
import { takeTokenFromPage, type TokenPage } from '../../renderer/bridge/page-token.ts';
import { createEventBus, fakeHandlers, snapshotFixture } from '../unit/core/dashboard/fake-bridge.ts';

// Opening the link `serve` prints (`…/?token=…`): the token leaves the address, and calls and the event
// stream still get through with it as a bearer header, never in a URL the server logs or the history keeps.

const TOKEN = 'tok-93a1c5e7b2d4f608';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('a dashboard opened with ?token=', () => {
  it('uses the token for calls and the event stream after taking it out of the address', async () => {
    const bus = createEventBus();
    const server: DashboardServer = await startDashboardServer({
      host: '127.0.0.1',
      port: 0,
      staticDir: null,
      handlers: fakeHandlers(),
      subscribe: bus.subscribe,
      metrics: () => '',
      token: TOKEN,
      log: () => {},
    });
    cleanup.push(() => server.close());

    const storage = new Map<string, string>();
    const page: TokenPage = {
      location: { href: `${server.origin}/?token=${TOKEN}#/overview` },
      history: {
        state: null,
        replaceState: (_d, _u, url) => void (page.location.href = new URL(url, page.location.href).href),
      },
      sessionStorage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
    };
    const token = takeTokenFromPage(page);
    expect(page.location.href).toBe(`${server.origin}/#/overview`);

    const requested: string[] = [];
    const transport = createHttpTransport({
      baseUrl: server.origin,
      token,
      fetch: (input, init) => {
        requested.push(input instanceof Request ? input.url : input.toString());
        return fetch(input, init);
      },
    });
    const client = createBridgeClient({ transport, onProblem: () => {} });
    cleanup.push(() => client.close());

    expect(await client.setPaused({ paused: true })).toEqual({ paused: true });
    const seen: (number | null)[] = [];
    cleanup.push(client.on('snapshot', (snapshot) => seen.push(snapshot.total.viewers)));
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    bus.emit('snapshot', snapshotFixture(777));
    await expect.poll(() => seen.includes(777)).toBe(true);
    expect(requested.join('\n')).not.toContain(TOKEN);
  });
});
