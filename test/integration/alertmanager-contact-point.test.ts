import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerSender } from '../../electron/core/notify/senders/alertmanager.ts';
import { closedMessage, openedMessage } from '../helpers/contact-message-fixture.ts';

// Debian's real Alertmanager, started on a free loopback port with its own storage and no gossip: an
// incident fires an alert that Alertmanager lists, and its recovery resolves that same alert.

const BINARY = '/usr/bin/prometheus-alertmanager';

interface ListedAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: string };
}

let child: ChildProcess | undefined;
let dir: string;
let origin: string;
let stderr = '';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function listed(): Promise<ListedAlert[]> {
  const response = await fetch(`${origin}/api/v2/alerts`);
  return (await response.json()) as ListedAlert[];
}

beforeAll(async () => {
  if (!existsSync(BINARY))
    throw new Error(`${BINARY} is missing: install Debian's prometheus-alertmanager package (see .ci/run)`);
  dir = await mkdtemp(join(os.tmpdir(), 'streamtray-alertmanager-'));
  await writeFile(
    join(dir, 'alertmanager.yml'),
    "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n",
  );
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  child = spawn(
    BINARY,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await until('Alertmanager to be ready', async () =>
    (await fetch(`${origin}/-/ready`)).ok ? true : undefined,
  );
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('alertmanager contact point against the real Alertmanager', () => {
  it('fires an alert Alertmanager lists with the documented labels, and resolves it on recovery', async () => {
    const point = {
      id: 'am',
      type: 'alertmanager' as const,
      url: origin,
      minSeverity: 'warning' as const,
      repeatMinutes: 30,
      ignoreQuietHours: false,
    };
    const send = (message: ReturnType<typeof openedMessage>) =>
      alertmanagerSender.send({
        point,
        message,
        secret: null,
        signal: AbortSignal.timeout(5_000),
        fetch: (input, init) => fetch(input, init),
        now: Date.now(),
        timeoutMs: 5_000,
      });
    const now = Date.now();
    const opened = openedMessage({ createdAt: now, openedAt: now - 5_000 });
    expect(await send(opened)).toMatchObject({ outcome: 'sent', status: 200 });

    const alert = await until('the alert to be listed', async () =>
      (await listed()).find(
        (a) => a.labels['alertname'] === 'StreamtrayIncident' && a.status.state === 'active',
      ),
    );
    expect(alert.labels).toEqual({
      alertname: 'StreamtrayIncident',
      source: 'wms',
      provider: 'wmspanel',
      subject: 'edge.example.com/live/keynote',
      severity: 'critical',
    });
    expect(alert.annotations['summary']).toBe('Stream offline on Main WMSPanel');

    expect(await send(closedMessage({ createdAt: now + 1_000, openedAt: now - 5_000 }))).toMatchObject({
      outcome: 'sent',
    });
    await until('the alert to be resolved', async () =>
      (await listed()).some((a) => a.labels['alertname'] === 'StreamtrayIncident') ? undefined : true,
    );
  }, 30_000);

  it("fails at once with Alertmanager's own answer to an alert it cannot accept", async () => {
    const point = {
      id: 'am',
      type: 'alertmanager' as const,
      url: origin,
      minSeverity: 'warning' as const,
      repeatMinutes: 30,
      ignoreQuietHours: false,
    };
    const result = await alertmanagerSender.send({
      point,
      message: openedMessage({ createdAt: Date.now(), openedAt: Date.now() + 7 * 24 * 3_600_000 }),
      secret: null,
      signal: AbortSignal.timeout(5_000),
      fetch: (input, init) => fetch(input, init),
      now: Date.now(),
      timeoutMs: 5_000,
    });
    expect(result.outcome).toBe('failed');
    expect(result.status).toBe(400);
    expect(result.answer).toMatch(/start time must be before end time/);
  });
});
