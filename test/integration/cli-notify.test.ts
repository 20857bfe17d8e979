import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openOutboxStore } from '../../electron/core/notify/outbox-store.ts';
import { openedMessage } from '../helpers/contact-message-fixture.ts';
import { useCaptureServers } from '../helpers/capture-server.ts';
import { runCli } from '../helpers/run-cli.ts';

// `streamtray notify test ID` and `streamtray notify list [--json]` as an operator runs them.

const SIGNING = `whsec_${Buffer.from('cli test signing key, 32 bytes!!').toString('base64')}`;
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function setup(points: unknown[]): Promise<{ dir: string; args: string[] }> {
  const dir = await mkdtemp(join(os.tmpdir(), 'streamtray-cli-notify-'));
  dirs.push(dir);
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify({ locale: 'en', notify: points }));
  return { dir, args: ['--config', configPath, '--data-dir', join(dir, 'data')] };
}

describe('streamtray notify test', { timeout: 40_000 }, () => {
  const server = useCaptureServers();

  it("sends a signed test message and prints the service's answer", async () => {
    const hook = await server();
    hook.answer = () => ({ status: 200, body: '{"accepted":true}' });
    const { args } = await setup([{ id: 'oncall', type: 'webhook', url: `${hook.origin}/hook` }]);
    const run = await runCli([...args, 'notify', 'test', 'oncall'], {
      env: { STREAMTRAY_NOTIFY_SECRET_ONCALL: SIGNING },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('sent a test message through "oncall" (webhook): HTTP 200');
    expect(run.stdout).toContain('{"accepted":true}');
    expect(JSON.parse(hook.requests[0]?.body ?? '{}')).toMatchObject({
      type: 'test',
      data: { title: 'Streamtray test message' },
    });
    expect(hook.requests[0]?.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it("exits 1 with the service's refusal when the delivery fails", async () => {
    const hook = await server();
    hook.answer = () => ({ status: 403, body: 'signature mismatch' });
    const { args } = await setup([{ id: 'oncall', type: 'webhook', url: hook.origin }]);
    const run = await runCli([...args, 'notify', 'test', 'oncall'], {
      env: { STREAMTRAY_NOTIFY_SECRET_ONCALL: SIGNING },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('failed: HTTP 403: signature mismatch');
  });

  it('exits 1 naming how to provide a missing secret', async () => {
    const hook = await server();
    const { args } = await setup([{ id: 'oncall', type: 'webhook', url: hook.origin }]);
    const run = await runCli([...args, 'notify', 'test', 'oncall'], {
      env: { STREAMTRAY_NOTIFY_SECRET_ONCALL: '' },
    });
    expect(run.code).toBe(1);
    // With a keychain: how to store it there; without one (CI): the environment variable.
    expect(run.stderr).toContain('STREAMTRAY_NOTIFY_SECRET_ONCALL');
    expect(hook.requests).toHaveLength(0);
  });

  it('exits 2 for an unknown contact point, listing the configured ones', async () => {
    const { args } = await setup([{ id: 'oncall', type: 'ntfy', url: 'https://ntfy.sh/streams' }]);
    const run = await runCli([...args, 'notify', 'test', 'pager']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no contact point "pager" in the config (configured: oncall)');
  });
});

describe('streamtray notify list', { timeout: 40_000 }, () => {
  it('lists every point with its secret state and last delivery from the outbox', async () => {
    const { dir, args } = await setup([
      { id: 'oncall', type: 'webhook', url: 'https://ops.example.com/hook' },
      { id: 'phone', type: 'ntfy', url: 'https://ntfy.sh/streams' },
    ]);
    const store = openOutboxStore(join(dir, 'data'));
    const message = openedMessage();
    store.enqueue([{ pointId: 'oncall', message }]);
    store.record({
      id: message.id,
      state: 'failed',
      attempts: 1,
      at: message.createdAt,
      nextAttemptAt: null,
      status: 410,
      error: 'HTTP 410: gone',
    });
    store.close();

    const json = await runCli([...args, 'notify', 'list', '--json'], {
      env: { STREAMTRAY_NOTIFY_SECRET_ONCALL: SIGNING },
    });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as {
      points: {
        point: { id: string };
        secretSet: boolean | null;
        failed: number;
        lastDelivery: { state: string; lastError: string } | null;
      }[];
    };
    expect(parsed.points.map((p) => p.point.id)).toEqual(['oncall', 'phone']);
    expect(parsed.points[0]).toMatchObject({
      secretSet: true,
      failed: 1,
      lastDelivery: { state: 'failed', lastError: 'HTTP 410: gone' },
    });
    expect(parsed.points[1]?.lastDelivery).toBeNull();
    expect(json.stdout).not.toContain(SIGNING);

    const table = await runCli([...args, 'notify', 'list'], {
      env: { STREAMTRAY_NOTIFY_SECRET_ONCALL: SIGNING },
    });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+TYPE\s+SECRET\s+PENDING\s+FAILED\s+LAST DELIVERY/);
    expect(table.stdout).toMatch(/oncall\s+webhook\s+set\s+0\s+1\s+incident\.opened failed .*HTTP 410: gone/);
    expect(table.stdout).toMatch(/phone\s+ntfy\s+\S+\s+0\s+0\s+never/);
  });

  it('works on a data dir without an outbox, creating nothing', async () => {
    const { dir, args } = await setup([{ id: 'phone', type: 'ntfy', url: 'https://ntfy.sh/streams' }]);
    const run = await runCli([...args, 'notify', 'list', '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { points: unknown[] }).points).toHaveLength(1);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});
