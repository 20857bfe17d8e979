import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsCommand, parseSince } from '../../../../electron/cli/commands/alerts.ts';
import type { CliContext } from '../../../../electron/cli/command.ts';
import { UsageError } from '../../../../electron/cli/command.ts';
import { openAlertLog, type AlertCandidate } from '../../../../electron/core/store/alert-log.ts';
import { StorageError } from '../../../../electron/core/store/storage-error.ts';
import { canMount, mountSmallDisk, NEEDS_ROOT, type SmallDisk } from '../../../helpers/small-disk.ts';

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

async function seeded(where?: string): Promise<string> {
  const dir = where ?? mkdtempSync(join(tmpdir(), 'streamtray-alerts-cli-'));
  if (where === undefined) dirs.push(dir);
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

function names(text: string): string[] {
  return (JSON.parse(text) as { events: { subject: { name: string } }[] }).events.map((e) => e.subject.name);
}

const later = (name: string): AlertCandidate => ({
  sourceId: 'wms',
  origin: 'webhook',
  subject: { kind: 'stream', name },
  status: 'online',
  occurredAt: Date.UTC(2024, 4, 3),
  receivedAt: Date.UTC(2024, 4, 3),
  checkpoints: [],
  delivery: { time: `t-${name}`, digest: 'e' },
});

describe('streamtray alerts reads without writing', () => {
  it('runs no DDL on open: a log without the incident tables stays without them', async () => {
    const dir = await seeded();
    const raw = new DatabaseSync(join(dir, 'alerts.sqlite'));
    raw.exec('DROP TABLE incident_events; DROP TABLE incidents; DROP TABLE alert_feed');
    raw.close();
    const { context: ctx, out } = context(dir);
    expect(await alertsCommand.run(['--json'], ctx)).toBe(0);
    expect(names(out())).toEqual(['rtmp://x/a', 'edge1']);
    const check = new DatabaseSync(join(dir, 'alerts.sqlite'), { readOnly: true });
    const tables = check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all();
    check.close();
    expect(tables.map((t) => t['name'])).toEqual(['alert_events']);
  });

  it('works while serve has the log open and is still writing it', async () => {
    const dir = await seeded();
    const writer = openAlertLog(dir);
    try {
      await writer.append([later('while-serving')]);
      const { context: ctx, out } = context(dir);
      expect(await alertsCommand.run(['--json'], ctx)).toBe(0);
      expect(names(out())).toEqual(['rtmp://x/a', 'edge1', 'while-serving']);
      // The writer goes on undisturbed.
      await writer.append([later('after-reading')]);
      expect(writer.list()).toHaveLength(4);
    } finally {
      writer.close();
    }
  });

  it('names the file and says what to do when the log is damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamtray-alerts-cli-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'alerts.sqlite'), 'not a database at all '.repeat(400));
    const { context: ctx } = context(dir);
    const failure = alertsCommand.run([], ctx);
    await expect(failure).rejects.toBeInstanceOf(StorageError);
    await expect(failure).rejects.toMatchObject({ problem: 'corrupt', file: join(dir, 'alerts.sqlite') });
    await expect(failure).rejects.toThrow(/move the file aside \(or restore a backup copy\)/);
  });

  describe.skipIf(!canMount)(`on a small disk (${NEEDS_ROOT})`, () => {
    let disk: SmallDisk;
    afterEach(() => {
      try {
        disk.writable();
      } finally {
        disk.remove();
      }
    });

    it('works on a read-only data folder', async () => {
      disk = mountSmallDisk(2048);
      await seeded(disk.dir);
      disk.readOnly();
      const { context: ctx, out } = context(disk.dir);
      expect(await alertsCommand.run(['--json'], ctx)).toBe(0);
      expect(names(out())).toEqual(['rtmp://x/a', 'edge1']);
    });

    it('reads what a killed serve left in the WAL, from a read-only folder', async () => {
      disk = mountSmallDisk(2048);
      // A writer that dies without closing: its last events are only in the -wal file.
      const script = [
        `import { openAlertLog } from ${JSON.stringify(join(process.cwd(), 'electron/core/store/alert-log.ts'))};`,
        `const log = openAlertLog(${JSON.stringify(disk.dir)});`,
        `await log.append([${JSON.stringify(later('only-in-the-wal'))}]);`,
        `process.kill(process.pid, 'SIGKILL');`,
      ].join('\n');
      try {
        execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
      } catch {
        // Killed, as intended.
      }
      expect(readdirSync(disk.dir)).toContain('alerts.sqlite-wal');
      disk.readOnly();
      const { context: ctx, out } = context(disk.dir);
      expect(await alertsCommand.run(['--json'], ctx)).toBe(0);
      expect(names(out())).toEqual(['only-in-the-wal']);
    });

    it('works on a full disk, with and without serve running', async () => {
      disk = mountSmallDisk(2048);
      await seeded(disk.dir);
      disk.fill();
      const first = context(disk.dir);
      expect(await alertsCommand.run(['--json'], first.context)).toBe(0);
      expect(names(first.out())).toEqual(['rtmp://x/a', 'edge1']);

      disk.free();
      const writer = openAlertLog(disk.dir);
      try {
        await writer.append([later('before-full')]);
        disk.fill();
        const second = context(disk.dir);
        expect(await alertsCommand.run(['--json'], second.context)).toBe(0);
        expect(names(second.out())).toEqual(['rtmp://x/a', 'edge1', 'before-full']);
      } finally {
        writer.close();
      }
    });
  });
});
