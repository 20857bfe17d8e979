import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../../../shared/alerts.ts';
import { parseConfig, type Config } from '../../../../shared/config.ts';
import type { ContactPoint } from '../../../../shared/contact-points.ts';
import type { Locale, Notice } from '../../../../shared/notices.ts';
import { createManualClock, type ManualClock } from '../../../../electron/core/clock.ts';
import { createContactPoints, type ContactPoints } from '../../../../electron/core/notify/contact-points.ts';
import { openOutboxStore } from '../../../../electron/core/notify/outbox-store.ts';
import { MemorySecretStore } from '../../../../electron/core/secrets/memory-secret-store.ts';
import { SecretVault } from '../../../../electron/core/secrets/secret-vault.ts';

// The contact points as the core drives them: notices in, one durable message per point that wants it,
// delivered in order with retries, on a manual clock and a scripted transport.

const SIGNING = `whsec_${Buffer.from('test signing key, 32 bytes long!').toString('base64')}`;
const START = Date.UTC(2025, 0, 6, 12, 0, 0);

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: string;
}

type Script = (request: Sent) => Promise<Response> | Response;

const dirs: string[] = [];
const running: ContactPoints[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((points) => points.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function config(points: unknown[], extra: Record<string, unknown> = {}): Config {
  const result = parseConfig({
    sources: [
      { id: 'wms', provider: 'wmspanel', clientId: 'client', name: 'Main WMSPanel' },
      { id: 'pili', provider: 'qiniu', accessKey: 'ak', hub: 'hub' },
    ],
    dashboard: { publicUrl: 'https://noc.example.com/' },
    ...extra,
    notify: points,
  });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

function hook(id: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  // Reminders only where a test is about them.
  return { id, type: 'webhook', url: `https://hooks.example.com/${id}`, repeatMinutes: 0, ...more };
}

interface Harness {
  points: ContactPoints;
  clock: ManualClock;
  sent: Sent[];
  dataDir: string;
  incidents: Map<number, Incident>;
  keychain: MemorySecretStore;
  outcomes: string[];
  setScript(script: Script): void;
  restart(): Promise<void>;
  setConfig(next: Config): void;
}

async function harness(options: {
  config: Config;
  script?: Script;
  locale?: Locale;
  secrets?: Record<string, string>;
  dataDir?: string;
  clock?: ManualClock;
}): Promise<Harness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(os.tmpdir(), 'streamtray-notify-')));
  if (!options.dataDir) dirs.push(dataDir);
  const clock = options.clock ?? createManualClock(START);
  const sent: Sent[] = [];
  const outcomes: string[] = [];
  let script: Script = options.script ?? (() => new Response('', { status: 200 }));
  let current = options.config;
  const incidents = new Map<number, Incident>();
  const secrets =
    options.secrets ?? Object.fromEntries(current.notify.map((p) => [`${p.id}:notify`, SIGNING]));
  const keychain = new MemorySecretStore(Object.entries(secrets));
  const vault = new SecretVault(keychain, {});
  const make = () =>
    createContactPoints({
      dataDir,
      config: () => current,
      vault,
      clock,
      log: () => undefined,
      incident: (id) => incidents.get(id),
      openIncidents: () => [...incidents.values()].filter((i) => i.closedAt === null),
      locale: () => options.locale ?? 'en',
      sourceName: (id) => current.sources.find((s) => s.id === id)?.name,
      fetch: async (url, init) => {
        const request = {
          url,
          headers: Object.fromEntries(new Headers(init.headers).entries()),
          body: typeof init.body === 'string' ? init.body : '',
        };
        sent.push(request);
        return script(request);
      },
      random: () => 0.5,
      closeGraceMs: 50,
      onOutcome: ({ type, outcome }) => outcomes.push(`${type} ${outcome}`),
    });
  const h: Harness = {
    points: make(),
    clock,
    sent,
    dataDir,
    incidents,
    keychain,
    outcomes,
    setScript: (next) => (script = next),
    async restart() {
      await h.points.close();
      h.points = make();
      running.push(h.points);
    },
    setConfig(next) {
      current = next;
      h.points.configChanged();
    },
  };
  running.push(h.points);
  return h;
}

/** Lets pending sends and their bookkeeping run (the transport is in-process). */
async function until(what: string, probe: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

const SUBJECT = {
  kind: 'stream' as const,
  name: 'rtmp://publisher:pw@edge.example.com/live/keynote?token=abc',
};

function incident(id: number, more: Partial<Incident> = {}): Incident {
  return {
    id,
    sourceId: 'wms',
    subject: SUBJECT,
    openedAt: START - 60_000,
    closedAt: null,
    downtimeMs: null,
    checkpoints: ['eu-west', 'us-east'],
    acknowledgedAt: null,
    eventIds: [1],
    ...more,
  };
}

function opened(id: number, severity: Notice['severity'] = 'critical', sourceId = 'wms'): Notice {
  return {
    message: {
      kind: 'incident-opened',
      sourceId,
      subject: SUBJECT,
      viewers: 2400,
      checkpoints: ['eu-west', 'us-east'],
      reason: null,
    },
    severity,
    incidentIds: [id],
    coalesced: false,
    at: START,
  };
}

function resolved(id: number, downtimeMs = 4 * 60_000 + 12_000): Notice {
  return {
    message: { kind: 'incident-resolved', sourceId: 'wms', subject: SUBJECT, downtimeMs },
    severity: 'critical',
    incidentIds: [id],
    coalesced: false,
    at: START + downtimeMs,
  };
}

function bodyOf(request: Sent | undefined): { type: string; data: Record<string, unknown> } {
  return JSON.parse(request?.body ?? '{}') as { type: string; data: Record<string, unknown> };
}

const ok = () => new Response('', { status: 200 });

describe('contact points: routing', () => {
  it('sends a notice to every point whose severity floor and sources it passes, and to no other', async () => {
    const h = await harness({
      config: config([
        hook('all'),
        hook('critical-only', { minSeverity: 'critical' }),
        hook('pili-only', { sources: ['pili'] }),
      ]),
    });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1, 'warning'), false);
    await until('one delivery', () => h.sent.length === 1);
    expect(h.sent.map((s) => s.url)).toEqual(['https://hooks.example.com/all']);
    h.points.notify(opened(2, 'critical'), false);
    await until('two more', () => h.sent.length === 3);
    expect(
      h.sent
        .slice(1)
        .map((s) => s.url)
        .sort(),
    ).toEqual(['https://hooks.example.com/all', 'https://hooks.example.com/critical-only']);
    await h.points.close();
    const store = openOutboxStore(h.dataDir, { readOnly: true });
    expect(store.recent('pili-only', 10)).toEqual([]);
    expect(store.recent('critical-only', 10)).toHaveLength(1);
    store.close();
  });

  it('during quiet hours reaches only the points that ignore them', async () => {
    const h = await harness({ config: config([hook('desk'), hook('pager', { ignoreQuietHours: true })]) });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), true);
    await until('the pager', () => h.sent.length === 1);
    expect(h.sent[0]?.url).toBe('https://hooks.example.com/pager');
    expect(h.points.recent('desk', 10)).toEqual([]);
  });

  it('sends a storm of any size as one message per point', async () => {
    const h = await harness({ config: config([hook('a'), hook('b')]) });
    const storm: Notice = {
      message: {
        kind: 'storm-opened',
        sourceId: 'wms',
        subjectKinds: 'stream',
        count: 5000,
        sample: ['s1', 's2', 's3'],
      },
      severity: 'critical',
      incidentIds: Array.from({ length: 5000 }, (_, i) => i + 1),
      coalesced: true,
      at: START,
    };
    h.points.notify(storm, false);
    await until('both points', () => h.sent.length === 2);
    const body = bodyOf(h.sent[0]);
    expect(body.type).toBe('storm.opened');
    expect(body.data['title']).toBe('5,000 streams offline on Main WMSPanel');
    expect(h.points.recent('a', 10)).toHaveLength(1);
  });
});

describe('contact points: message content', () => {
  it('tells the on-call what is down, where, since when, its audience, the checkpoints and a link', async () => {
    const h = await harness({ config: config([hook('oncall')]) });
    h.incidents.set(7, incident(7));
    h.points.notify(opened(7), false);
    await until('sent', () => h.sent.length === 1);
    const body = bodyOf(h.sent[0]);
    expect(body.type).toBe('incident.opened');
    expect(body.data).toMatchObject({
      incidentId: 7,
      source: { id: 'wms', name: 'Main WMSPanel', provider: 'wmspanel' },
      // The publishing URL's credentials and token never leave the machine.
      subject: { kind: 'stream', name: 'edge.example.com/live/keynote' },
      severity: 'critical',
      title: 'Stream offline on Main WMSPanel',
      openedAt: new Date(START - 60_000).toISOString(),
      viewersAffected: 2400,
      closedAt: null,
      downtimeSeconds: null,
    });
    expect(h.sent[0]?.body).not.toContain('token=abc');
    expect(h.sent[0]?.body).not.toContain('publisher:pw');
  });

  it('on recovery gives the downtime and the viewer-minutes lost, in Chinese for a zh-CN operator', async () => {
    const slackConfig = config([{ id: 'chat', type: 'slack' }]);
    const h = await harness({
      config: slackConfig,
      locale: 'zh-CN',
      secrets: { 'chat:notify': 'https://hooks.slack.example/services/T/B/X' },
    });
    h.incidents.set(7, incident(7));
    h.points.notify(opened(7), false);
    h.incidents.set(7, incident(7, { closedAt: START + 252_000, downtimeMs: 252_000 }));
    h.points.notify(resolved(7, 252_000), false);
    await until('both', () => h.sent.length === 2);
    const text = (JSON.parse(h.sent[1]?.body ?? '{}') as { text: string }).text;
    expect(text).toContain('Main WMSPanel 上的直播流已恢复');
    expect(text).toContain('离线时长：4:12');
    // 2,400 viewers × 4.2 minutes.
    expect(text).toContain('损失的观看分钟数：10,080');
    expect(text).toContain('https://noc.example.com/#/incidents/7');
  });
});

describe('contact points: the durable outbox', () => {
  it('commits the message before the first attempt, so it is on disk while the service is still answering', async () => {
    let release: (() => void) | undefined;
    const h = await harness({
      config: config([hook('slow')]),
      script: () => new Promise((resolve) => (release = () => resolve(ok()))),
    });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    const reader = openOutboxStore(h.dataDir, { readOnly: true });
    expect(reader.recent('slow', 10).map((d) => [d.type, d.state])).toEqual([['incident.opened', 'pending']]);
    reader.close();
    await until('the attempt', () => release !== undefined);
    release?.();
    await until('sent', () => h.points.recent('slow', 1)[0]?.state === 'sent');
  });

  it('retries 5xx with backoff under the same webhook-id until the service takes it', async () => {
    let status = 503;
    const h = await harness({
      config: config([hook('flaky')]),
      script: () => new Response('busy', { status }),
    });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    await until('retrying', () => h.points.recent('flaky', 1)[0]?.state === 'retrying');
    const first = h.points.recent('flaky', 1)[0];
    expect(first).toMatchObject({ attempts: 1, lastStatus: 503, lastError: 'HTTP 503: busy' });
    // random() = 0.5: the first wait is 3/4 of 5 s.
    expect(first?.nextAttemptAt).toBe(START + 3_750);
    status = 200;
    h.clock.advance(3_750);
    await until('sent', () => h.points.recent('flaky', 1)[0]?.state === 'sent');
    expect(h.sent).toHaveLength(2);
    expect(h.sent[1]?.headers['webhook-id']).toBe(h.sent[0]?.headers['webhook-id']);
    expect(h.points.recent('flaky', 1)[0]).toMatchObject({ attempts: 2, lastStatus: 200, lastError: null });
    // What the Prometheus counter of contact-point deliveries counts.
    expect(h.outcomes).toEqual(['webhook retry', 'webhook sent']);
  });

  it('waits as long as a 429 Retry-After asks', async () => {
    const h = await harness({
      config: config([hook('limited')]),
      script: () => new Response('', { status: 429, headers: { 'retry-after': '120' } }),
    });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    await until('retrying', () => h.points.recent('limited', 1)[0]?.state === 'retrying');
    expect(h.points.recent('limited', 1)[0]?.nextAttemptAt).toBe(START + 120_000);
    h.clock.advance(119_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.sent).toHaveLength(1);
  });

  it('gives up after 24 hours of failures and marks the message failed with the last reason', async () => {
    const h = await harness({
      config: config([hook('dead')]),
      script: () => Promise.reject(new TypeError('fetch failed')),
    });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    for (let hour = 0; hour < 26; hour++) {
      await until(
        `an attempt recorded (hour ${hour}: ${JSON.stringify(h.points.recent('dead', 1)[0])})`,
        () => h.points.recent('dead', 1)[0]?.state !== 'pending',
      );
      if (h.points.recent('dead', 1)[0]?.state === 'failed') break;
      h.clock.advance(3_600_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until('failed', () => h.points.recent('dead', 1)[0]?.state === 'failed');
    const last = h.points.recent('dead', 1)[0];
    expect(last?.lastError).toMatch(/gave up after 24 h.*fetch failed/);
    expect((last?.attempts ?? 0) > 20).toBe(true);
    const [view] = await h.points.views();
    expect(view).toMatchObject({ pending: 0, failed: 1 });
  });

  it("fails a 4xx refusal at once with the service's answer, then goes on with the next message", async () => {
    let first = true;
    const h = await harness({
      config: config([hook('strict')]),
      script: () => {
        const response = first ? new Response('{"error":"unknown endpoint"}', { status: 404 }) : ok();
        first = false;
        return response;
      },
    });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    h.points.notify(resolved(1), false);
    await until('both handled', () => h.sent.length === 2);
    await until('recorded', () => h.points.recent('strict', 1)[0]?.state === 'sent');
    const [closed, refused] = h.points.recent('strict', 2);
    expect(refused).toMatchObject({ type: 'incident.opened', state: 'failed', attempts: 1, lastStatus: 404 });
    expect(refused?.lastError).toContain('unknown endpoint');
    expect(closed).toMatchObject({ type: 'incident.closed', state: 'sent' });
  });

  it('never lets a recovery overtake its outage at the same point', async () => {
    let down = true;
    const h = await harness({
      config: config([hook('ordered')]),
      script: () => (down ? new Response('', { status: 502 }) : ok()),
    });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    h.points.notify(resolved(1), false);
    await until('first attempt', () => h.points.recent('ordered', 2).some((d) => d.state === 'retrying'));
    expect(h.sent.map((s) => bodyOf(s).type)).toEqual(['incident.opened']);
    down = false;
    h.clock.advance(60_000);
    await until('both sent', () => h.points.recent('ordered', 2).every((d) => d.state === 'sent'));
    expect(h.sent.map((s) => bodyOf(s).type)).toEqual([
      'incident.opened',
      'incident.opened',
      'incident.closed',
    ]);
  });

  it('keeps a point that never answers from delaying any other point, and notify() from waiting', async () => {
    const h = await harness({
      config: config([hook('hung'), hook('fine')]),
      script: (request) => (request.url.endsWith('/hung') ? new Promise<Response>(() => undefined) : ok()),
    });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    h.points.notify(resolved(1), false);
    await until(
      'the fine point got both',
      () =>
        h.points.recent('fine', 2).every((d) => d.state === 'sent') &&
        h.points.recent('fine', 2).length === 2,
    );
    expect(h.points.recent('hung', 2).map((d) => d.state)).toEqual(['pending', 'pending']);
  });

  it('after a restart sends what was still queued, once, under the same webhook-id', async () => {
    const h = await harness({
      config: config([hook('later', { repeatMinutes: 0 })]),
      script: () => Promise.reject(new TypeError('fetch failed')),
    });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    await until('retrying', () => h.points.recent('later', 1)[0]?.state === 'retrying');
    const id = h.points.recent('later', 1)[0]?.id;
    h.setScript(ok);
    await h.restart();
    h.clock.advance(60_000);
    await until('sent', () => h.points.recent('later', 1)[0]?.state === 'sent');
    expect(h.sent.map((s) => s.headers['webhook-id'])).toEqual([id, id]);
    h.clock.advance(3_600_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.sent).toHaveLength(2);
  });

  it('names the missing secret and how to set it, and sends once it is there', async () => {
    const h = await harness({ config: config([hook('nokey')]), secrets: {} });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    await until('retrying', () => h.points.recent('nokey', 1)[0]?.state === 'retrying');
    expect(h.points.recent('nokey', 1)[0]?.lastError).toBe(
      'no secret for contact point "nokey": run "streamtray secret set nokey --kind notify" or set STREAMTRAY_NOTIFY_SECRET_NOKEY',
    );
    expect(h.sent).toHaveLength(0);
    const [view] = await h.points.views();
    expect(view).toMatchObject({ secretSet: false, secretRequired: true, pending: 1 });

    // Stored through Settings or `secret set`: the waiting message goes now, not after its backoff.
    await h.keychain.set('nokey:notify', SIGNING);
    h.points.configChanged();
    await until('sent', () => h.points.recent('nokey', 1)[0]?.state === 'sent');
    expect(h.sent).toHaveLength(1);
  });

  it('tries a waiting message again at once when its point is edited', async () => {
    const h = await harness({
      config: config([hook('moved')]),
      script: (request) =>
        request.url.endsWith('/moved') ? Promise.reject(new TypeError('fetch failed')) : ok(),
    });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    await until('retrying', () => h.points.recent('moved', 1)[0]?.state === 'retrying');
    h.setConfig(config([hook('moved', { url: 'https://hooks.example.com/fixed' })]));
    await until('sent to the new URL', () => h.points.recent('moved', 1)[0]?.state === 'sent');
    expect(h.sent.map((s) => s.url)).toEqual([
      'https://hooks.example.com/moved',
      'https://hooks.example.com/fixed',
    ]);
  });
});

describe('contact points: reminders', () => {
  it('re-sends an unacknowledged critical incident every repeatMinutes until it is acknowledged', async () => {
    const h = await harness({
      config: config([hook('pager', { repeatMinutes: 15 }), hook('quiet', { repeatMinutes: 0 })]),
    });
    h.incidents.set(3, incident(3));
    h.points.notify(opened(3), false);
    await until('opened x2', () => h.sent.length === 2);
    h.clock.advance(15 * 60_000);
    await until('a reminder', () => h.sent.length === 3);
    const reminder = h.sent[2];
    expect(reminder?.url).toBe('https://hooks.example.com/pager');
    expect(bodyOf(reminder)).toMatchObject({
      type: 'incident.reminder',
      data: { incidentId: 3, title: 'Still down: Stream offline on Main WMSPanel' },
    });
    expect(reminder?.headers['webhook-id']).not.toBe(h.sent[0]?.headers['webhook-id']);
    h.clock.advance(15 * 60_000);
    await until('a second reminder', () => h.sent.length === 4);
    h.incidents.set(3, incident(3, { acknowledgedAt: h.clock.now() }));
    h.clock.advance(60 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.sent).toHaveLength(4);
  });

  it('stops reminding when the incident closes, and remembers the schedule across a restart', async () => {
    const h = await harness({ config: config([hook('pager', { repeatMinutes: 10 })]) });
    h.incidents.set(4, incident(4));
    h.points.notify(opened(4), false);
    await until('opened', () => h.sent.length === 1);
    await h.restart();
    h.clock.advance(10 * 60_000);
    await until('a reminder after the restart', () => h.sent.length === 2);
    expect(bodyOf(h.sent[1]).type).toBe('incident.reminder');
    h.incidents.set(4, incident(4, { closedAt: h.clock.now(), downtimeMs: 600_000 }));
    h.points.notify(resolved(4, 600_000), false);
    await until('closed', () => h.sent.length === 3);
    h.clock.advance(60 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.sent.map((s) => bodyOf(s).type)).toEqual([
      'incident.opened',
      'incident.reminder',
      'incident.closed',
    ]);
  });

  it('does not remind about warnings', async () => {
    const h = await harness({ config: config([hook('pager', { repeatMinutes: 5 })]) });
    h.incidents.set(5, incident(5));
    h.points.notify(opened(5, 'warning'), false);
    await until('opened', () => h.sent.length === 1);
    h.clock.advance(60 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.sent).toHaveLength(1);
  });
});

describe('contact points: test and views', () => {
  it("sends a test message at once and returns the service's exact answer", async () => {
    const h = await harness({
      config: config([hook('oncall')]),
      script: () => new Response('{"received":true}', { status: 202 }),
    });
    const result = await h.points.test('oncall');
    expect(result).toEqual({ ok: true, status: 202, answer: '{"received":true}', error: null });
    expect(bodyOf(h.sent[0]).type).toBe('test');
    // Not through the outbox: nothing is retried or listed as a delivery.
    expect(h.points.recent('oncall', 10)).toEqual([]);
  });

  it("reports a refused test with the service's answer, and an unknown point by name", async () => {
    const h = await harness({
      config: config([hook('oncall')]),
      script: () => new Response('bad signature', { status: 401 }),
    });
    expect(await h.points.test('oncall')).toEqual({
      ok: false,
      status: 401,
      answer: 'bad signature',
      error: 'HTTP 401: bad signature',
    });
    expect(await h.points.test('nope')).toMatchObject({
      ok: false,
      error: 'no contact point "nope" in the config',
    });
  });

  it('lists each point with its secret state, queue and last delivery, and follows config changes', async () => {
    const h = await harness({ config: config([hook('a')]) });
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    await until('sent', () => h.points.recent('a', 1)[0]?.state === 'sent');
    const [view] = await h.points.views();
    expect(view).toMatchObject({
      point: { id: 'a', type: 'webhook' },
      secretSet: true,
      secretRequired: true,
      pending: 0,
      failed: 0,
      lastDelivery: { type: 'incident.opened', state: 'sent', lastStatus: 200 },
    });
    const next: ContactPoint[] = [...config([hook('a'), hook('b')]).notify];
    h.setConfig(config(next));
    expect((await h.points.views()).map((v) => v.point.id)).toEqual(['a', 'b']);
  });
});

describe('contact points: a damaged outbox row', () => {
  it('marks an unreadable stored message failed and goes on with the next one', async () => {
    const h = await harness({
      config: config([hook('a')]),
      script: () => new Promise<Response>(() => undefined),
    });
    await h.points.close();
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(join(h.dataDir, 'contact-outbox.sqlite'));
    db.prepare(
      `INSERT INTO outbox (id, point_id, type, title, message, state, created_at, next_attempt_at, updated_at)
       VALUES ('msg_broken', 'a', 'incident.opened', 'x', '{"not":"a message"}', 'pending', ?, ?, ?)`,
    ).run(START, START, START);
    db.close();
    h.setScript(ok);
    await h.restart();
    h.incidents.set(1, incident(1));
    h.points.notify(opened(1), false);
    await until('the good one sent', () => h.points.recent('a', 1)[0]?.state === 'sent');
    const broken = h.points.recent('a', 2)[1];
    expect(broken).toMatchObject({ id: 'msg_broken', state: 'failed' });
    expect(broken?.lastError).toContain('unreadable');
  });
});
