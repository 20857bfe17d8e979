import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeHandlers } from '../../shared/bridge.ts';
import {
  DashboardConfigError,
  startDashboardServer,
  type DashboardServer,
  type DashboardServerOptions,
} from '../../electron/core/dashboard/dashboard-server.ts';
import { ProviderError } from '../../electron/core/errors.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import {
  createEventBus,
  fakeHandlers,
  parseFrame,
  postJson,
  rawRequest,
  readEvents,
  snapshotFixture,
} from '../unit/core/dashboard/fake-bridge.ts';

const TOKEN = 'tok-9f2c41d7a0b35e68';

const servers: DashboardServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
const tempDir = useTempDirs();

async function start(
  overrides: Partial<Omit<DashboardServerOptions, 'handlers'>> & { handlers?: Partial<BridgeHandlers> } = {},
): Promise<{ server: DashboardServer; bus: ReturnType<typeof createEventBus>; logs: string[] }> {
  const bus = createEventBus();
  const logs: string[] = [];
  const { handlers, ...rest } = overrides;
  const server = await startDashboardServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: null,
    handlers: fakeHandlers(handlers),
    subscribe: bus.subscribe,
    metrics: () =>
      '# HELP streamtray_viewers Viewers\n# TYPE streamtray_viewers gauge\nstreamtray_viewers 7\n',
    log: (message) => logs.push(message),
    ...rest,
  });
  servers.push(server);
  return { server, bus, logs };
}

function errorOf(body: string): { kind: string; message: string } {
  return (JSON.parse(body) as { error: { kind: string; message: string } }).error;
}

describe('Bridge calls over POST /api/<method>', () => {
  it('answers a query with the handler result as JSON', async () => {
    const { server } = await start({ handlers: { snapshot: () => snapshotFixture(4321) } });
    const res = await postJson(server.origin, 'snapshot', {});
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual(snapshotFixture(4321));
  });

  it('hands handlers the validated request with the schema defaults applied', async () => {
    const { server } = await start();
    const res = await postJson(server.origin, 'series', { sourceId: 'pili', fromMs: 1000, toMs: 2000 });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { series: { viewers: unknown[]; t: number[] }[] };
    expect(body.series[0]?.viewers[0]).toBe(500);
    expect(body.series[0]?.t).toEqual([1000, 2000]);
  });

  it('treats an empty body as an empty request', async () => {
    const { server } = await start();
    const res = await rawRequest(server.origin, {
      method: 'POST',
      path: '/api/settings',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ pollIntervalSeconds: 30 });
  });

  it('refuses an invalid request with 400 naming the field', async () => {
    const { server } = await start();
    const res = await postJson(server.origin, 'series', { sourceId: 'pili', fromMs: 'yesterday', toMs: 2 });
    expect(res.status).toBe(400);
    const error = errorOf(res.body);
    expect(error.kind).toBe('invalid-request');
    expect(error.message).toContain('series: fromMs: expected number');
  });

  it('refuses a body that is not JSON with 400', async () => {
    const { server } = await start();
    const res = await rawRequest(server.origin, {
      method: 'POST',
      path: '/api/setPaused',
      headers: { 'content-type': 'application/json' },
      body: '{"paused": tru',
    });
    expect(res.status).toBe(400);
    expect(errorOf(res.body).message).toContain('not valid JSON');
  });

  it('answers 404 for an unknown method and 405 for GET on a method', async () => {
    const { server } = await start();
    const unknown = await postJson(server.origin, 'dropDatabase', {});
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown.body)).toEqual({ kind: 'not-found', message: 'no Bridge method "dropDatabase"' });
    const get = await rawRequest(server.origin, { path: '/api/snapshot' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('answers 415 for a body that is not declared as JSON', async () => {
    const { server } = await start();
    const res = await rawRequest(server.origin, {
      method: 'POST',
      path: '/api/snapshot',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(res.status).toBe(415);
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const { server } = await start();
    const res = await postJson(server.origin, 'refresh', { sourceId: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(errorOf(res.body).kind).toBe('too-large');
  });

  it.each([
    ['auth', 502],
    ['upstream', 502],
    ['timeout', 504],
    ['config', 400],
  ] as const)('maps a ProviderError of kind %s to %i with its kind and message', async (kind, status) => {
    const { server } = await start({
      handlers: {
        testSource: () => {
          throw new ProviderError(kind, `source failed (${kind})`);
        },
      },
    });
    const res = await postJson(server.origin, 'testSource', { id: 'pili' });
    expect(res.status).toBe(status);
    expect(errorOf(res.body)).toEqual({ kind, message: `source failed (${kind})` });
  });

  it('hides other failures behind a generic 500 and logs the detail', async () => {
    const { server, logs } = await start({
      handlers: {
        deleteSource: () => {
          throw new Error('SQLITE_BUSY at /home/op/.config/streamtray/history.db');
        },
      },
    });
    const res = await postJson(server.origin, 'deleteSource', { id: 'pili' });
    expect(res.status).toBe(500);
    expect(errorOf(res.body).kind).toBe('internal');
    expect(res.body).not.toContain('SQLITE_BUSY');
    expect(logs.join('\n')).toContain('SQLITE_BUSY');
  });

  it('answers 500 when the core produces a response that breaks the contract', async () => {
    const { server, logs } = await start({
      handlers: { setPaused: () => ({ paused: 'yes' }) as unknown as { paused: boolean } },
    });
    const res = await postJson(server.origin, 'setPaused', { paused: true });
    expect(res.status).toBe(500);
    expect(logs.join('\n')).toContain('setPaused produced an invalid response: paused: expected boolean');
  });
});

describe('server-sent events on GET /api/events', () => {
  it('sends the current snapshot first, then fans each event out to every client', async () => {
    const { server, bus } = await start({ handlers: { snapshot: () => snapshotFixture(10) } });
    const firstSnapshot = (frames: string[]) => frames.some((f) => parseFrame(f)?.event === 'snapshot');
    const hasIncident = (frames: string[]) => frames.some((f) => parseFrame(f)?.event === 'incident');
    const incident = {
      id: 7,
      sourceId: 'wms',
      subject: { kind: 'stream' as const, name: 'live/main' },
      openedAt: 1,
      closedAt: null,
      downtimeMs: null,
      checkpoints: [],
      acknowledgedAt: null,
      eventIds: [3],
    };
    // Both clients must be connected (their snapshot received) before the event is published.
    const waits: Promise<{ frames: string[]; headers: Record<string, unknown>; close: () => void }>[] = [];
    let ready = 0;
    let release: () => void = () => {};
    const bothReady = new Promise<void>((resolve) => (release = resolve));
    for (let i = 0; i < 2; i++) {
      let counted = false;
      waits.push(
        readEvents(server.origin, '/api/events', (frames) => {
          if (!counted && firstSnapshot(frames)) {
            counted = true;
            if (++ready === 2) release();
          }
          return hasIncident(frames);
        }),
      );
    }
    await bothReady;
    bus.emit('incident', incident);
    for (const stream of await Promise.all(waits)) {
      stream.close();
      expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
      const events = stream.frames.map(parseFrame).filter((f) => f !== null);
      expect(events.map((e) => e.event)).toEqual(['snapshot', 'incident']);
      expect(events[0]?.data).toEqual(snapshotFixture(10));
      expect(events[1]?.data).toEqual(incident);
    }
  });

  it('still streams events when no snapshot can be produced', async () => {
    const { server, bus, logs } = await start({
      handlers: {
        snapshot: () => {
          throw new Error('core still starting');
        },
      },
    });
    const stream = readEvents(server.origin, '/api/events', (frames) =>
      frames.some((f) => parseFrame(f)?.event === 'snapshot'),
    );
    await expect.poll(() => logs.some((l) => l.includes('core still starting'))).toBe(true);
    bus.emit('snapshot', snapshotFixture(99));
    const { frames, close } = await stream;
    close();
    const events = frames.map(parseFrame).filter((f) => f !== null);
    expect(events).toEqual([{ event: 'snapshot', data: snapshotFixture(99) }]);
  });

  it('sends heartbeat comments so proxies keep the stream open', async () => {
    const { server } = await start({ heartbeatMs: 30 });
    const { frames, close } = await readEvents(server.origin, '/api/events', (f) => f.includes(': ping'));
    close();
    expect(frames).toContain(': ping');
  });

  it('refuses POST on /api/events', async () => {
    const { server } = await start();
    const res = await postJson(server.origin, 'events', {});
    expect(res.status).toBe(405);
  });

  it('ends open streams and unsubscribes from the core on close', async () => {
    const { server, bus } = await start();
    let connected = false;
    const stream = readEvents(server.origin, '/api/events', (frames) => {
      connected ||= frames.some((f) => parseFrame(f)?.event === 'snapshot');
      return false;
    });
    await expect.poll(() => connected).toBe(true);
    await server.close();
    servers.length = 0;
    const { frames } = await stream;
    expect(frames.some((f) => parseFrame(f)?.event === 'snapshot')).toBe(true);
    expect(bus.listeners).toBe(0);
  });
});

describe('Host, Origin and token checks', () => {
  it('refuses a Host header that is not this listener (DNS rebinding) with 421', async () => {
    const { server } = await start();
    const port = new URL(server.origin).port;
    for (const host of [
      'attacker.example',
      `attacker.example:${port}`,
      '127.0.0.1:1',
      'localhost',
      `[::2]:${port}`,
    ]) {
      const res = await rawRequest(server.origin, {
        method: 'POST',
        path: '/api/snapshot',
        headers: { host },
      });
      expect(res.status, host).toBe(421);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
      const res = await postJson(server.origin, 'snapshot', {}, { host });
      expect(res.status, host).toBe(200);
    }
  });

  it('accepts host names the operator allowed', async () => {
    const { server } = await start({ allowedHosts: ['dash.example.com'], token: TOKEN });
    const res = await postJson(
      server.origin,
      'snapshot',
      {},
      { host: 'dash.example.com', authorization: `Bearer ${TOKEN}` },
    );
    expect(res.status).toBe(200);
  });

  it('refuses to answer to other host names without a token, even on loopback', async () => {
    await expect(start({ allowedHosts: ['dash.example.com'] })).rejects.toThrow(
      /dashboard\.allowedHosts lets the dashboard be reached by other names.*token of at least 16 characters/,
    );
  });

  it('refuses /api requests from another site with 403 and serves its own pages', async () => {
    const { server } = await start();
    const foreign = await postJson(
      server.origin,
      'setPaused',
      { paused: true },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const nullOrigin = await postJson(server.origin, 'setPaused', { paused: true }, { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const own = await postJson(server.origin, 'setPaused', { paused: true }, { origin: server.origin });
    expect(own.status).toBe(200);
  });

  it('requires the token on /api and /metrics when one is set, but not on the static page', async () => {
    const { server, logs } = await start({ token: TOKEN });
    const none = await postJson(server.origin, 'snapshot', {});
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await postJson(server.origin, 'snapshot', {}, { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    const right = await postJson(server.origin, 'snapshot', {}, { authorization: `Bearer ${TOKEN}` });
    expect(right.status).toBe(200);

    expect((await rawRequest(server.origin, { path: '/metrics' })).status).toBe(401);
    expect((await rawRequest(server.origin, { path: `/metrics?token=${TOKEN}` })).status).toBe(200);
    expect((await rawRequest(server.origin, { path: '/' })).status).toBe(200);

    const events = await readEvents(server.origin, `/api/events?token=${TOKEN}`, (f) =>
      f.some((frame) => parseFrame(frame)?.event === 'snapshot'),
    );
    events.close();
    expect(events.status).toBe(200);
    const refused = await readEvents(server.origin, '/api/events?token=nope', () => true);
    expect(refused.status).toBe(401);

    for (const text of [none.body, wrong.body, ...logs]) expect(text).not.toContain(TOKEN);
  });

  it('refuses to start beyond loopback without a token', async () => {
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(DashboardConfigError);
    await expect(start({ host: '0.0.0.0', token: 'short' })).rejects.toThrow(/at least 16 characters/);
  });

  it('starts beyond loopback with a token and still checks the Host header', async () => {
    const { server } = await start({ host: '0.0.0.0', token: TOKEN });
    const port = new URL(server.origin).port;
    const auth = { authorization: `Bearer ${TOKEN}` };
    const local = await postJson(`http://127.0.0.1:${port}`, 'snapshot', {}, auth);
    expect(local.status).toBe(200);
    const rebound = await postJson(
      `http://127.0.0.1:${port}`,
      'snapshot',
      {},
      { ...auth, host: `evil.example:${port}` },
    );
    expect(rebound.status).toBe(421);
  });
});

describe('GET /metrics', () => {
  it('serves the runtime metrics as Prometheus text', async () => {
    const { server } = await start();
    const res = await rawRequest(server.origin, { path: '/metrics' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.body).toContain('streamtray_viewers 7\n');
  });
});

describe('static files', () => {
  async function buildRenderer(): Promise<{ root: string; dist: string }> {
    const root = await tempDir();
    const dist = path.join(root, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    await writeFile(
      path.join(dist, 'index.html'),
      '<!doctype html><title>Streamtray</title><div id="root"></div>',
    );
    await writeFile(path.join(dist, 'assets', 'index-B4x9kQ2z.js'), 'console.log("app")');
    await writeFile(path.join(dist, 'assets', 'index-B4x9kQ2z.css'), 'body{}');
    await writeFile(path.join(root, 'secret.txt'), 'TOP-SECRET');
    await symlink(path.join(root, 'secret.txt'), path.join(dist, 'leak.txt'));
    return { root, dist };
  }

  it('serves the renderer with content types, security headers and caching', async () => {
    const { dist } = await buildRenderer();
    const { server } = await start({ staticDir: dist });
    const index = await rawRequest(server.origin, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['cache-control']).toBe('no-cache');
    const script = await rawRequest(server.origin, { path: '/assets/index-B4x9kQ2z.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
    expect(script.body).toBe('console.log("app")');
    const css = await rawRequest(server.origin, { path: '/assets/index-B4x9kQ2z.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('falls back to index.html for client routes but not for missing assets', async () => {
    const { dist } = await buildRenderer();
    const { server } = await start({ staticDir: dist });
    const route = await rawRequest(server.origin, { path: '/sources/pili' });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<div id="root">');
    const missing = await rawRequest(server.origin, { path: '/assets/gone-12345678.js' });
    expect(missing.status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    const { dist } = await buildRenderer();
    const { server } = await start({ staticDir: dist });
    for (const attempt of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      '/leak.txt',
      '/secret.txt%00.html',
    ]) {
      const res = await rawRequest(server.origin, { path: attempt });
      expect(res.body, attempt).not.toContain('TOP-SECRET');
      expect(res.status, attempt).toBeGreaterThanOrEqual(400);
    }
  });

  it('says how to build the renderer when there is none', async () => {
    const { server } = await start({ staticDir: null });
    const res = await rawRequest(server.origin, { path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('npm run build');
  });
});
