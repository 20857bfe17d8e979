import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStaticFiles } from '../../electron/core/dashboard/static-files.ts';
import type { z } from 'zod';
import { alertPolicySchema } from '../../shared/alert-policy.ts';
import type { AlertEvent } from '../../shared/alerts.ts';
import { bridgeMethods, isBridgeMethod, type AlertSettings, type BridgeHandlers, type Settings } from '../../shared/bridge.ts';
import { detectorConfigSchema } from '../../shared/detector-config.ts';
import type { MuteEntry, Notice } from '../../shared/notices.ts';
import { catalogAt, dailyRows, OPEN_INCIDENT, seriesFor, snapshotAt, sourceViews } from './stub-fixtures.ts';

// Answers the Bridge API over HTTP + SSE from fixtures, the way `streamtray serve` does, so the
// dashboard can be driven in a browser without the core. Requests and responses go through the
// contract's schemas, so a fixture drifting from the contract fails here rather than in the page.


function offlineEvent(): AlertEvent {
  return {
    id: 41,
    sourceId: 'wms',
    subject: OPEN_INCIDENT.subject,
    status: 'offline',
    occurredAt: Date.now() - 7 * 60_000,
    receivedAt: Date.now() - 7 * 60_000,
    origin: 'webhook',
    checkpoints: ['eu-west'],
    viewers: 1_250,
  };
}

export interface StubBridge {
  origin: string;
  /** Method names called so far, in order. */
  calls: string[];
  /** Sends a notice to every open event stream. */
  notify(notice: Notice): void;
  close(): Promise<void>;
}

export async function startStubBridge(staticDir: string): Promise<StubBridge> {
  let settings: Settings = { pollIntervalSeconds: 30, requestTimeoutSeconds: 10, locale: 'en', theme: 'light' };
  let paused = false;
  let mutes: MuteEntry[] = [];
  let acknowledgedAt: number | null = null;
  let alertSettings: AlertSettings = { alerts: alertPolicySchema.parse({}), detectors: detectorConfigSchema.parse({}) };
  const calls: string[] = [];
  const streams = new Set<ServerResponse>();

  const handlers: BridgeHandlers = {
    snapshot: () => snapshotAt(Date.now(), paused),
    series: (request) => ({
      series: seriesFor(request.sourceId, request.streams, request.fromMs, request.toMs, request.maxPoints),
    }),
    dailyReport: (request) => ({
      rows: dailyRows(request.from, request.to).map((row) => ({ ...row, source: 'wms' })),
      sources: [{ id: 'wms', name: 'WMSPanel Edge', provider: 'wmspanel', error: null }],
    }),
    incidents: () => ({
      incidents: [{ ...OPEN_INCIDENT, openedAt: Date.now() - 7 * 60_000, acknowledgedAt }],
      nextCursor: null,
      counts: { open: 1, closed: 0 },
    }),
    incident: ({ id }) =>
      id !== OPEN_INCIDENT.id
        ? { detail: null }
        : {
            detail: {
              incident: { ...OPEN_INCIDENT, openedAt: Date.now() - 7 * 60_000, acknowledgedAt },
              severity: 'critical',
              events: [offlineEvent()],
              audience: 1_250,
              viewerMinutesLost: 1_250 * 7,
              flapping: false,
            },
          },
    alertEvents: () => ({ events: [offlineEvent()] }),
    alertSettings: () => alertSettings,
    saveAlertSettings: (request) => {
      alertSettings = { ...alertSettings, ...request };
      return alertSettings;
    },
    sources: () => ({ sources: sourceViews() }),
    settings: () => settings,
    mutes: () => ({ mutes }),
    streamCatalog: () => ({ streams: catalogAt(Date.now()) }),
    streamDetail: (request) => ({
      series: seriesFor(request.sourceId, [request.stream], request.fromMs, request.toMs, request.maxPoints)[0] ?? {
        sourceId: request.sourceId,
        stream: request.stream,
        resolutionMs: 60_000,
        t: [],
        viewers: [],
        bandwidthBps: [],
      },
      incidents: [],
      providerFill: null,
    }),
    acknowledge: () => {
      acknowledgedAt = Date.now();
      return { incident: { ...OPEN_INCIDENT, acknowledgedAt } };
    },
    closeIncident: () => ({ incident: null }),
    mute: (request) => {
      mutes = [...mutes, { target: request.target, untilMs: request.untilMs }];
      return { mutes };
    },
    unmute: () => {
      mutes = [];
      return { mutes };
    },
    saveSource: (request) => ({
      source: request.source,
      apiSecretSet: request.apiSecret !== undefined,
      webhookTokenSet: request.webhookToken !== undefined,
      webhookPath: null,
    }),
    deleteSource: () => ({ ok: true }),
    testSource: (request) => ({ id: request.id, provider: 'qiniu', ok: true, error: null, viewers: 12, bandwidthBps: 1e6, callsToday: 1, streams: [] }),
    saveSettings: (request) => {
      settings = { ...settings, ...request };
      return settings;
    },
    setPaused: (request) => {
      paused = request.paused;
      return { paused };
    },
    refresh: () => ({ ok: true }),
    contactPoints: () => ({ points: [] }),
    contactPointDeliveries: () => ({ deliveries: [] }),
    saveContactPoint: (request) => ({
      view: { point: request.point, secretSet: request.secret !== undefined, secretRequired: true, pending: 0, failed: 0, lastDelivery: null },
      secretDropped: false,
    }),
    deleteContactPoint: () => ({ ok: true }),
    testContactPoint: () => ({ ok: true, status: 200, answer: 'ok', error: null }),
  };

  const send = (name: string, payload: unknown) => {
    for (const res of streams) res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
  };
  const ticker = setInterval(() => send('snapshot', snapshotAt(Date.now(), paused)), 1_000);

  async function call(name: string, body: unknown): Promise<{ status: number; value: unknown }> {
    if (!isBridgeMethod(name)) return { status: 404, value: { error: { kind: 'not-found', message: `no method ${name}` } } };
    calls.push(name);
    const method = bridgeMethods[name];
    const request = (method.request as z.ZodType).safeParse(body);
    if (!request.success) return { status: 400, value: { error: { kind: 'invalid-request', message: request.error.message } } };
    const handler = handlers[name] as (request: unknown) => unknown;
    return { status: 200, value: (method.response as z.ZodType).parse(await handler(request.data)) };
  }

  const files = await createStaticFiles(staticDir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    // GET is the event stream; POST /api/events is the `events` query (the alert log).
    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      streams.add(res);
      res.write(`event: snapshot\ndata: ${JSON.stringify(snapshotAt(Date.now(), paused))}\n\n`);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/') && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        call(url.pathname.slice(5), text === '' ? {} : JSON.parse(text)).then(
          ({ status, value }) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(value));
          },
          (error: unknown) => {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { kind: 'internal', message: String(error) } }));
          },
        );
      });
      return;
    }
    // The product's own static file server: the e2e pages are served exactly as `serve` serves them.
    // A page navigating away mid-file closes the response early: that is the client leaving, not a failure.
    files.serve(req, res, url.pathname).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    notify: (notice) => send('notice', notice),
    close: async () => {
      clearInterval(ticker);
      for (const res of streams) res.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
