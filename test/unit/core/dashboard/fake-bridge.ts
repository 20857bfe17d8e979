import http from 'node:http';
import type {
  BridgeEvent,
  BridgeEventListener,
  BridgeEventName,
  BridgeHandlers,
  Settings,
  Snapshot,
} from '../../../../shared/bridge.ts';
import { alertPolicySchema } from '../../../../shared/alert-policy.ts';
import { detectorConfigSchema } from '../../../../shared/detector-config.ts';

// Fixtures for the dashboard listener and the Bridge client: valid answers for every method, so a test
// overrides only the method it is about.

export function snapshotFixture(viewers = 1234): Snapshot {
  const at = Date.UTC(2025, 0, 6, 12, 0, 0);
  return {
    at,
    paused: false,
    sources: [
      {
        id: 'pili',
        name: 'Pili "main"',
        provider: 'qiniu',
        state: 'scheduled',
        viewers,
        bandwidthBps: 5_000_000,
        streams: [{ name: 's0001', viewers, bandwidthBps: 5_000_000 }],
        lastSuccessAt: at,
        lastError: null,
        lastErrorAt: null,
        staleMs: 0,
        stale: false,
        callsToday: 3,
      },
    ],
    total: { viewers, bandwidthBps: 5_000_000 },
    openIncidents: [],
    storage: { ok: true, problem: null, store: null, file: null, droppedHistoryWrites: 0 },
    glance: { viewers, bandwidthBps: 5_000_000, state: 'ok', openIncidents: 0 },
  };
}

export const settingsFixture: Settings = {
  pollIntervalSeconds: 30,
  requestTimeoutSeconds: 10,
  locale: 'en',
  theme: 'system',
};

export function fakeHandlers(overrides: Partial<BridgeHandlers> = {}): BridgeHandlers {
  const handlers: BridgeHandlers = {
    snapshot: () => snapshotFixture(),
    // Echoes what arrived, so tests can see defaults applied by the request schema.
    series: (request) => ({
      series: [
        {
          sourceId: request.sourceId,
          stream: null,
          resolutionMs: 60_000,
          t: [request.fromMs, request.toMs],
          viewers: [request.maxPoints, null],
          bandwidthBps: [null, null],
        },
      ],
    }),
    dailyReport: () => ({ rows: [], sources: [] }),
    incidents: () => ({ incidents: [], nextCursor: null, counts: { open: 0, closed: 0 } }),
    incident: () => ({ detail: null }),
    alertSettings: () => ({ alerts: alertPolicySchema.parse({}), detectors: detectorConfigSchema.parse({}) }),
    saveAlertSettings: (request) => ({
      alerts: request.alerts ?? alertPolicySchema.parse({}),
      detectors: request.detectors ?? detectorConfigSchema.parse({}),
    }),
    alertEvents: () => ({ events: [] }),
    sources: () => ({ sources: [] }),
    settings: () => settingsFixture,
    mutes: () => ({ mutes: [] }),
    streamCatalog: () => ({ streams: [] }),
    streamDetail: (request) => ({
      series: { sourceId: request.sourceId, stream: request.stream, resolutionMs: 60_000, t: [], viewers: [], bandwidthBps: [] },
      incidents: [],
      providerFill: null,
    }),
    acknowledge: () => ({ incident: null }),
    closeIncident: () => ({ incident: null }),
    mute: () => ({ mutes: [] }),
    unmute: () => ({ mutes: [] }),
    saveSource: () => {
      throw new Error('saveSource is not part of this test');
    },
    deleteSource: () => ({ ok: true }),
    testSource: (request) => ({
      id: request.id,
      provider: 'qiniu',
      ok: false,
      callsToday: 1,
      error: { kind: 'auth', message: 'credentials rejected (HTTP 401)' },
    }),
    saveSettings: (request) => ({ ...settingsFixture, ...request }),
    setPaused: (request) => ({ paused: request.paused }),
    refresh: () => ({ ok: true }),
    contactPoints: () => ({ points: [] }),
    contactPointDeliveries: () => ({ deliveries: [] }),
    saveContactPoint: () => {
      throw new Error('saveContactPoint is not part of this test');
    },
    deleteContactPoint: () => ({ ok: true }),
    testContactPoint: () => ({ ok: false, status: 401, answer: 'invalid signature', error: 'HTTP 401' }),
  };
  return { ...handlers, ...overrides };
}

/** The runtime's event fan-out, as the listener sees it. */
export function createEventBus(): {
  subscribe: (listener: BridgeEventListener) => () => void;
  emit<E extends BridgeEventName>(name: E, payload: BridgeEvent<E>): void;
  readonly listeners: number;
} {
  const listeners = new Set<BridgeEventListener>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(name, payload) {
      for (const listener of listeners) listener(name, payload);
    },
    get listeners() {
      return listeners.size;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with full control of Host, Origin and the raw path (fetch normalises or forbids those). */
export function rawRequest(
  origin: string,
  request: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method ?? 'GET',
        path: request.path,
        headers: { host: url.host, ...request.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

export function postJson(
  origin: string,
  name: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(origin, {
    method: 'POST',
    path: `/api/${name}`,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Reads an SSE response frame by frame until `until` says enough, over a plain socket. */
export function readEvents(
  origin: string,
  path: string,
  until: (frames: string[]) => boolean,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; frames: string[]; close: () => void }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, headers: { host: url.host, ...headers }, agent: false },
      (res) => {
        let buffer = '';
        const frames: string[] = [];
        const finish = (): void =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, frames, close: () => req.destroy() });
        if (res.statusCode !== 200) {
          res.resume();
          res.on('end', finish);
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            frames.push(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
          if (until(frames)) finish();
        });
        res.on('end', finish);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** `event: x\ndata: {...}` → { event, data }, or null for comments and `retry:`. */
export function parseFrame(frame: string): { event: string; data: unknown } | null {
  const event = /^event: (.*)$/m.exec(frame)?.[1];
  const data = /^data: (.*)$/m.exec(frame)?.[1];
  if (event === undefined || data === undefined) return null;
  return { event, data: JSON.parse(data) as unknown };
}
