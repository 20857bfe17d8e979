import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_METHOD_NAMES } from '../../shared/bridge.ts';
import { isLoopbackHost } from '../../shared/config.ts';
import { ConfigStore } from '../../electron/core/config/config-store.ts';
import { validateConfigDocument } from '../../electron/core/config/config-file.ts';
import {
  startDashboardServer,
  type DashboardServer,
} from '../../electron/core/dashboard/dashboard-server.ts';
import { ProviderError } from '../../electron/core/errors.ts';
import { fetchHttpClient, type HttpClient } from '../../electron/core/http/http-client.ts';
import { startCore, type Core } from '../../electron/core/runtime/core.ts';
import { KeychainError } from '../../electron/core/secrets/keytar-secret-store.ts';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.ts';
import type { SecretStore } from '../../electron/core/secrets/secret-store.ts';
import { SecretVault } from '../../electron/core/secrets/secret-vault.ts';
import { startQiniuSimulator, type QiniuSimulator } from '../../electron/simulators/qiniu/qiniu-simulator.ts';
import { CREDENTIALS } from '../helpers/cli-simulators.ts';

// Throws arbitrary methods, paths, headers and bodies at the dashboard's /api/* in front of a real core:
// whatever arrives, the answer is never a 5xx other than a deliberate 503, and the core keeps serving.

const TOKEN = 'tok-6c3f9a0e1b2d4857';

/** A keychain that fails now and then, the way keytar does when the Secret Service goes away. */
class FlakyKeychain implements SecretStore {
  readonly #inner = new MemorySecretStore([['pili:api', CREDENTIALS.pili.secretKey]]);
  #calls = 0;

  #maybeFail(): void {
    if (++this.#calls % 5 === 0) throw new KeychainError('the OS keychain did not answer within 5 s');
  }

  async get(account: string): Promise<string | null> {
    this.#maybeFail();
    return this.#inner.get(account);
  }

  async set(account: string, value: string): Promise<void> {
    this.#maybeFail();
    await this.#inner.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    this.#maybeFail();
    return this.#inner.delete(account);
  }
}

/** Sources saved by the generator may point anywhere: only this machine is ever contacted. */
const loopbackOnly: HttpClient = (request, options) =>
  isLoopbackHost(request.url.hostname)
    ? fetchHttpClient(request, options)
    : Promise.reject(new ProviderError('network', `${request.url.hostname} is off limits in this test`));

let sim: QiniuSimulator;
let dir: string;
let core: Core;
let dashboard: DashboardServer;

beforeAll(async () => {
  sim = await startQiniuSimulator({ ...CREDENTIALS.pili, streams: 3 });
  dir = await mkdtemp(join(os.tmpdir(), 'streamtray-api-property-'));
  const configPath = join(dir, 'config.json');
  const document = {
    sources: [
      {
        id: 'pili',
        provider: 'qiniu',
        accessKey: CREDENTIALS.pili.accessKey,
        hub: CREDENTIALS.pili.hub,
        baseUrl: sim.origin,
      },
    ],
  };
  await writeFile(configPath, JSON.stringify(document));
  core = await startCore({
    config: validateConfigDocument(configPath, document),
    configStore: new ConfigStore(configPath),
    vault: new SecretVault(new FlakyKeychain(), {}),
    dataDir: dir,
    http: loopbackOnly,
    log: () => {},
  });
  dashboard = await startDashboardServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: null,
    handlers: core.handlers,
    subscribe: (listener) => core.subscribe(listener),
    metrics: () => core.metrics(),
    token: TOKEN,
    events: { maxClients: 4 },
    log: () => {},
  });
});

afterAll(async () => {
  await dashboard.close();
  await core.stop();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function send(request: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}): Promise<number> {
  const url = new URL(dashboard.origin);
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: request.method,
          path: request.path,
          headers: { host: url.host, 'content-length': String(request.body.length), ...request.headers },
          agent: false,
        },
        (res) => {
          // An event stream never ends: its status is the answer.
          if (String(res.headers['content-type']).startsWith('text/event-stream')) {
            resolve(res.statusCode ?? 0);
            req.destroy();
            return;
          }
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
    } catch {
      // Node refused to build the request (a header it will not send): nothing reached the server.
      resolve(-1);
      return;
    }
    req.on('error', reject);
    req.end(request.body);
  });
}

const name = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...BRIDGE_METHOD_NAMES) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('events', '', 'constructor', '__proto__', 'toString', 'snapshot/x'),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z%.]{1,12}$/) },
);
const path = fc.oneof(
  { weight: 8, arbitrary: name.map((n) => `/api/${n}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '/api',
      '/api/',
      '/api//snapshot',
      '/api/%E0%A4%A',
      '/metrics',
      '/api/events?token=x',
    ),
  },
  { weight: 1, arbitrary: fc.webPath().map((p) => `/api${p}`) },
);
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constant('POST') },
  { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH') },
);

const value = fc.oneof(
  fc.constantFrom('pili', 'wms', 'se', 'PILI', '', 'x'.repeat(300)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
/** Sources that might be accepted, pointing at this machine or nowhere reachable. */
const source = fc.record(
  {
    id: fc.constantFrom('pili', 'wms', 'se', 'new-1', 'bad id'),
    provider: fc.constantFrom('qiniu', 'wmspanel', 'scaleengine', 'other'),
    accessKey: fc.constantFrom(CREDENTIALS.pili.accessKey, 'AK-2'),
    hub: fc.constant(CREDENTIALS.pili.hub),
    clientId: fc.constant('client-1'),
    apiKey: fc.constant('pub'),
    cdnId: fc.constantFrom(1, -1),
    apps: fc.constantFrom(['a'], []),
    baseUrl: fc.constantFrom(
      'http://127.0.0.1:9/',
      'http://127.0.0.1:1/v1/',
      'https://api.example.com',
      'ftp://x',
    ),
    name: fc.string({ maxLength: 10 }),
  },
  { requiredKeys: ['id', 'provider'] },
);
const request = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.dictionary(
      fc.constantFrom(
        'sourceId',
        'id',
        'incidentId',
        'paused',
        'limit',
        'sinceMs',
        'open',
        'fromMs',
        'toMs',
        'from',
        'to',
        'target',
        'untilMs',
        'pollIntervalSeconds',
        'locale',
        'theme',
      ),
      value,
      { maxKeys: 4 },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        source,
        apiSecret: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
        webhookToken: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
      },
      { requiredKeys: ['source'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
);
const body = fc.oneof(
  { weight: 6, arbitrary: request.map((r) => Buffer.from(JSON.stringify(r) ?? '')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
);
const headerName = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,15}$/)
  .filter(
    (n) => !['content-length', 'transfer-encoding', 'connection', 'host', 'expect', 'upgrade'].includes(n),
  );
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});
/** Mostly what the dashboard page sends, so requests get past the checks and reach the handlers. */
const headers = fc
  .record({
    'content-type': fc.option(
      fc.oneof(
        { weight: 8, arbitrary: fc.constant('application/json') },
        { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', '') },
      ),
      { freq: 10, nil: undefined },
    ),
    authorization: fc.option(
      fc.oneof(
        { weight: 8, arbitrary: fc.constant(`Bearer ${TOKEN}`) },
        { weight: 1, arbitrary: fc.constantFrom(`bearer ${TOKEN}`, 'Bearer nope', 'Basic Zm9vOmJhcg==') },
      ),
      { freq: 10, nil: undefined },
    ),
    origin: fc.option(fc.constantFrom('null', 'https://evil.example', 'http://127.0.0.1'), {
      freq: 1,
      nil: undefined,
    }),
  })
  .chain((known) =>
    fc.dictionary(headerName, printable, { maxKeys: 3 }).map((extra) => {
      const merged: Record<string, string> = { ...extra };
      for (const [key, value] of Object.entries(known)) if (value !== undefined) merged[key] = value;
      return merged;
    }),
  );

describe('the dashboard API under arbitrary input', () => {
  it('never answers 5xx except a deliberate 503, and keeps serving', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.record({ method, path, headers, body }), async (input) => {
        const status = await send(input);
        seen.set(status, (seen.get(status) ?? 0) + 1);
        expect(status === 503 || status < 500, `${input.method} ${input.path} answered ${status}`).toBe(true);
      }),
      { numRuns: 2_000 },
    );
    // The happy path was exercised too, and the core still answers.
    expect(seen.get(200) ?? 0).toBeGreaterThan(50);
    const after = await fetch(`${dashboard.origin}/api/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{}',
    });
    expect(after.status).toBe(200);
  }, 240_000);
});
