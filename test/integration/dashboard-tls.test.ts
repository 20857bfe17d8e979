import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DashboardConfigError,
  startDashboardServer,
  type DashboardServer,
} from '../../electron/core/dashboard/dashboard-server.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { createEventBus, fakeHandlers } from '../unit/core/dashboard/fake-bridge.ts';
import { selfSignedCert } from '../helpers/self-signed-cert.ts';

// The dashboard put behind a name on a network: HTTPS from dashboard.tls (a certificate made here with
// the openssl CLI), answering only to loopback names and dashboard.allowedHosts, with the token required.

const TOKEN = 'tok-2b7e151628aed2a6';
const ALLOWED = 'noc.example.test';
const REFUSED = 'rebound.example.test';

let certFile: string;
let keyFile: string;
let cert: Buffer;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'streamtray-tls-'));
  // One certificate valid for both names: the TLS handshake succeeds either way, so a refusal can only
  // come from the dashboard's own Host check.
  ({ certFile, keyFile } = selfSignedCert(dir, [ALLOWED, REFUSED, 'localhost'], ['127.0.0.1']));
  cert = readFileSync(certFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const servers: DashboardServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
const tempDir = useTempDirs();

async function start(tls: { certFile: string; keyFile: string } | null = { certFile, keyFile }) {
  const bus = createEventBus();
  const server = await startDashboardServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: null,
    handlers: fakeHandlers(),
    subscribe: bus.subscribe,
    metrics: () => 'streamtray_up 1\n',
    token: TOKEN,
    allowedHosts: [ALLOWED],
    tls,
    log: () => {},
  });
  servers.push(server);
  return server;
}

/** Every name resolves to this machine, as the operator's DNS would point it at the dashboard. */
const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

function request(
  name: string,
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: name,
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        ca: cert,
        lookup: toLoopback,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          // An event stream never ends: its first event is enough.
          if (
            String(res.headers['content-type']).startsWith('text/event-stream') &&
            Buffer.concat(chunks).includes('event: snapshot')
          ) {
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            });
            req.destroy();
          }
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = { authorization: `Bearer ${TOKEN}` };

describe('the dashboard over HTTPS with allowed host names', () => {
  it('serves the API and the event stream over HTTPS to an allowed name', async () => {
    const server = await start();
    expect(server.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const port = Number(new URL(server.origin).port);
    const snapshot = await request(ALLOWED, port, {
      method: 'POST',
      path: '/api/snapshot',
      headers: { ...auth, 'content-type': 'application/json', origin: `https://${ALLOWED}:${port}` },
      body: '{}',
    });
    expect(snapshot.status).toBe(200);
    expect(JSON.parse(snapshot.body)).toMatchObject({ paused: false });
    const events = await request(ALLOWED, port, { path: '/api/events', headers: auth });
    expect(events.status).toBe(200);
    expect(events.body).toContain('event: snapshot');
  });

  it('refuses a name not in dashboard.allowedHosts with 421, naming the field', async () => {
    const server = await start();
    const port = Number(new URL(server.origin).port);
    const refused = await request(REFUSED, port, { method: 'POST', path: '/api/snapshot', headers: auth });
    expect(refused.status).toBe(421);
    expect(refused.body).toContain(`"${REFUSED}:${port}"`);
    expect(refused.body).toContain('dashboard.allowedHosts');
  });

  it('still answers to loopback names and still wants the token', async () => {
    const server = await start();
    const port = Number(new URL(server.origin).port);
    const local = await request('localhost', port, { path: '/metrics', headers: auth });
    expect(local.status).toBe(200);
    expect((await request(ALLOWED, port, { path: '/metrics' })).status).toBe(401);
  });

  it('does not start when the certificate file is missing, naming the field and the file', async () => {
    const missing = path.join(await tempDir(), 'nope.pem');
    const failure = start({ certFile: missing, keyFile });
    await expect(failure).rejects.toThrow(DashboardConfigError);
    await expect(failure).rejects.toThrow(`dashboard.tls.certFile: cannot read "${missing}" (ENOENT)`);
  });

  it('does not start when the files are not a certificate and its key', async () => {
    const notPem = path.join(await tempDir(), 'key.pem');
    await writeFile(notPem, 'not a key');
    await expect(start({ certFile, keyFile: notPem })).rejects.toThrow(
      /dashboard\.tls: .* are not a PEM certificate and its key/,
    );
  });
});
