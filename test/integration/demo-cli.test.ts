import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/bridge.ts';

// `streamtray demo` and `streamtray serve` as an operator runs them: a real process, real signals.

const BIN = fileURLToPath(new URL('../../bin/streamtray.js', import.meta.url));
const children: ChildProcess[] = [];

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await Promise.resolve().then(probe).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('streamtray demo', () => {
  it('shows live viewers through the Bridge API within 5 seconds and stops cleanly on SIGTERM', async () => {
    const started = Date.now();
    const demo = run(['demo']);
    const origin = await until(() => /Dashboard: (http:\/\/\S+?)\/\n/.exec(demo.out())?.[1], 5_000);
    const snapshot = await until(async () => {
      const response = await fetch(`${origin}/api/snapshot`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const snap = (await response.json()) as Snapshot;
      return (snap.total.viewers ?? 0) > 0 ? snap : undefined;
    }, 5_000 - (Date.now() - started));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(snapshot.sources.map((s) => s.provider).sort()).toEqual(['qiniu', 'scaleengine', 'wmspanel']);
    const streams = snapshot.sources.reduce((n, s) => n + s.streams.length, 0);
    expect(streams).toBeGreaterThan(100);
    expect(demo.out()).not.toMatch(/-sk-|wms-key-|wms-token-/);

    const stopAt = Date.now();
    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(3_000);
    expect(demo.out()).toContain('Stopped.');
  }, 15_000);
});

describe('streamtray serve', () => {
  it('exits 2 naming the field when the config is wrong', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'streamtray-serve-cli-'));
    try {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ pollIntervalSeconds: 1 }));
      const serve = run(['serve', '--config', join(dir, 'config.json'), '--data-dir', dir]);
      expect(await serve.exited).toBe(2);
      expect(serve.err()).toContain('pollIntervalSeconds');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 15_000);

  it('runs with an empty config on free ports, prints its URLs and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'streamtray-serve-cli-'));
    try {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ sources: [] }));
      const serve = run(['serve', '--config', join(dir, 'config.json'), '--data-dir', dir, '--port', '0', '--webhook-port', '0']);
      const origin = await until(() => /Dashboard: (http:\/\/\S+?)\/\n/.exec(serve.out())?.[1], 10_000);
      // The lines after the first may come in a later chunk of output.
      await until(() => /Running; press Ctrl-C/.exec(serve.out())?.[0], 10_000);
      expect(serve.out()).toMatch(/Webhooks: {2}http:\/\/127\.0\.0\.1:\d+\/webhooks\//);
      const metrics = await (await fetch(`${origin}/metrics`)).text();
      expect(metrics).toContain('# TYPE streamtray_source_viewers gauge');
      if (process.platform === 'linux') {
        // The process operators started is the one serving, with its young generation capped (see bin/).
        const cmdline = await readFile(`/proc/${serve.child.pid}/cmdline`, 'utf8');
        expect(cmdline.split('\0')).toContain('--max-semi-space-size=4');
      }
      // A second one on the same data directory would act on a stale copy of the open incidents.
      const second = run(['serve', '--config', join(dir, 'config.json'), '--data-dir', dir, '--port', '0', '--webhook-port', '0']);
      expect(await second.exited).toBe(2);
      expect(second.err()).toContain(`is in use by another Streamtray (pid ${serve.child.pid})`);
      serve.child.kill('SIGTERM');
      expect([await serve.exited, serve.err()]).toEqual([0, '']);
      await expect(readFile(join(dir, 'streamtray.lock'), 'utf8')).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 15_000);
});
