import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openOutboxStore, outboxExists } from '../../electron/core/notify/outbox-store.ts';
import { createWebhookSender } from '../../electron/simulators/webhook-sender/webhook-sender.ts';
import { unusedPort, useCaptureServers } from '../helpers/capture-server.ts';

// The outbox's promise end to end: `streamtray serve` hears a stream go down through its webhook
// listener while the on-call's webhook receiver is down, is killed with SIGKILL mid-retry, and after the
// receiver comes up and serve restarts, the message arrives exactly once with its original webhook-id.

const BIN = fileURLToPath(new URL('../../bin/streamtray.js', import.meta.url));
const TOKEN = 'wms-notification-token-0123';
const SIGNING = `whsec_${Buffer.from('restart test signing key 32byte').toString('base64')}`;
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function serve(configPath: string, dataDir: string) {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--config', configPath, '--data-dir', dataDir, '--port', '0', '--webhook-port', '0'],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        STREAMTRAY_SECRET_WMS: 'wms-api-key',
        STREAMTRAY_WEBHOOK_TOKEN_WMS: TOKEN,
        STREAMTRAY_NOTIFY_SECRET_ONCALL: SIGNING,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function until<T>(what: string, probe: () => T | undefined | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    let value: T | undefined | false;
    try {
      value = probe();
    } catch {
      value = undefined;
    }
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function outboxHead(dataDir: string) {
  if (!outboxExists(dataDir)) return undefined;
  const store = openOutboxStore(dataDir, { readOnly: true });
  try {
    return store.recent('oncall', 10);
  } finally {
    store.close();
  }
}

describe('contact-point outbox across a killed process', () => {
  const receivers = useCaptureServers();

  it('delivers the outage message once, with the same webhook-id, after SIGKILL and a restart', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'streamtray-outbox-restart-'));
    dirs.push(dir);
    const receiverPort = await unusedPort();
    const configPath = join(dir, 'config.json');
    await writeFile(
      configPath,
      JSON.stringify({
        sources: [
          {
            id: 'wms',
            provider: 'wmspanel',
            clientId: 'client',
            baseUrl: `http://127.0.0.1:${await unusedPort()}`,
          },
        ],
        // The source's API is unreachable on purpose; only the webhook matters here.
        pollIntervalSeconds: 86_400,
        detectors: { unreachableAfterFailures: 100 },
        notify: [
          {
            id: 'oncall',
            type: 'webhook',
            url: `http://127.0.0.1:${receiverPort}/hooks/streamtray`,
            repeatMinutes: 0,
          },
        ],
      }),
    );
    const dataDir = join(dir, 'data');

    const first = serve(configPath, dataDir);
    const origin = await until(
      'the webhook listener',
      () => /Webhooks: {2}(http:\/\/\S+?)\/webhooks\//.exec(first.out())?.[1],
    );
    const sender = createWebhookSender({ url: `${origin}/webhooks/wms`, token: TOKEN });
    const delivery = await sender.streamEvent({
      stream: 'rtmp://edge.example.com/live/keynote',
      status: 'offline',
    });
    expect(delivery.status).toBe(204);

    const queued = await until('a failed first attempt in the outbox', () =>
      outboxHead(dataDir)?.find((d) => d.type === 'incident.opened' && d.state === 'retrying'),
    );
    first.child.kill('SIGKILL');
    await first.exited;

    const receiver = await receivers(receiverPort);
    receiver.answer = () => ({ status: 204 });
    const second = serve(configPath, dataDir);
    await until('the delivery', () => receiver.requests.length > 0 || undefined);
    await until('the outbox to record it sent', () =>
      outboxHead(dataDir)?.find((d) => d.id === queued.id && d.state === 'sent'),
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const opened = receiver.requests.filter(
      (r) => (JSON.parse(r.body) as { type: string }).type === 'incident.opened',
    );
    expect(opened).toHaveLength(1);
    expect(opened[0]?.headers['webhook-id']).toBe(queued.id);
    expect(opened[0]?.url).toBe('/hooks/streamtray');
    expect(JSON.parse(opened[0]?.body ?? '{}')).toMatchObject({
      type: 'incident.opened',
      data: {
        source: { id: 'wms', provider: 'wmspanel' },
        subject: { kind: 'stream', name: 'edge.example.com/live/keynote' },
      },
    });
  }, 60_000);
});
