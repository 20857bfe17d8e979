import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsCommand, parseSince } from '../../../../electron/cli/commands/alerts.ts';
import type { CliContext } from '../../../../electron/cli/command.ts';
import { UsageError } from '../../../../electron/cli/command.ts';
import { openAlertLog } from '../../../../electron/core/store/alert-log.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function context(dataDir: string): { context: CliContext; out: () => string } {
  let out = '';
  return {
    out: () => out,
    context: {
      io: {
        stdout: { write: (t: string) => (out += t) },
        stderr: { write: () => true },
        stdin: (async function* () {})(),
        env: {},
      },
      configPath: join(dataDir, 'config.json'),
      dataDir,
      signal: new AbortController().signal,
    },
  };
}

async function seeded(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'streamtray-alerts-cli-'));
  dirs.push(dir);
  const log = openAlertLog(dir);
  const base = { sourceId: 'wms', origin: 'webhook' as const, delivery: { time: 't', digest: 'd' } };
  await log.append([
    {
      ...base,
      subject: { kind: 'stream', name: 'rtmp://x/a' },
      status: 'offline',
      occurredAt: Date.UTC(2024, 4, 1, 10),
      receivedAt: Date.UTC(2024, 4, 1, 10, 0, 1),
      checkpoints: ['New York, USA'],
    },
  ]);
  await log.append([
    {
      ...base,
      subject: { kind: 'server', name: 'edge1' },
      status: 'offline',
      occurredAt: Date.UTC(2024, 4, 2, 10),
      receivedAt: Date.UTC(2024, 4, 2, 10, 0, 1),
      checkpoints: [],
      delivery: { time: 't2', digest: 'd' },
    },
  ]);
  log.close();
  return dir;
}

describe('streamtray alerts', () => {
  it('prints the log as a table, newest last', async () => {
    const dir = await seeded();
    const { context: ctx, out } = context(dir);
    expect(await alertsCommand.run([], ctx)).toBe(0);
    const lines = out().trim().split('\n');
    expect(lines[0]).toMatch(/^RECEIVED\s+OCCURRED\s+SOURCE/);
    expect(lines[1]).toContain('rtmp://x/a');
    expect(lines[1]).toContain('checkpoints: New York, USA');
    expect(lines[2]).toContain('edge1');
  });

  it('prints JSON events and filters with --since', async () => {
    const dir = await seeded();
    const { context: ctx, out } = context(dir);
    await alertsCommand.run(['--json', '--since', '2024-05-02'], ctx);
    const parsed = JSON.parse(out()) as { events: { subject: { name: string }; delivery?: unknown }[] };
    expect(parsed.events.map((e) => e.subject.name)).toEqual(['edge1']);
    expect(parsed.events[0]).not.toHaveProperty('delivery');
  });

  it('says so when nothing was logged, without creating the data directory', async () => {
    const dir = join(tmpdir(), `streamtray-missing-${process.pid}`);
    const { context: ctx, out } = context(dir);
    expect(await alertsCommand.run([], ctx)).toBe(0);
    expect(out()).toContain('no alerts logged yet');
  });

  it('refuses a --since that is not an ISO time', async () => {
    const { context: ctx } = context(tmpdir());
    await expect(alertsCommand.run(['--since', 'yesterday'], ctx)).rejects.toThrow(UsageError);
    expect(parseSince('2024-05-01T12:00')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseSince('2024-05-01T12:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(() => parseSince('2024-02-31')).toThrow(UsageError);
  });
});
