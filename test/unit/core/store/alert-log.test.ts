import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { AlertCandidate } from '../../../../electron/core/store/alert-log.ts';
import { useTempAlertLogs } from '../../../helpers/temp-alert-logs.ts';

const logs = useTempAlertLogs();
const open = logs.open;

function webhook(stream: string, overrides: Partial<AlertCandidate> = {}): AlertCandidate {
  return {
    sourceId: 'wms',
    subject: { kind: 'stream', name: stream },
    status: 'offline',
    occurredAt: 1_700_000_000_000,
    receivedAt: 1_700_000_001_000,
    origin: 'webhook',
    checkpoints: ['New York, USA'],
    delivery: { time: '2023-11-14 22:13:20 UTC', digest: '0123456789abcdef0123456789abcdef' },
    ...overrides,
  };
}

describe('alert log', () => {
  it('stores events with ids and returns them newest last', async () => {
    const { log } = open();
    await log.append([webhook('a', { receivedAt: 10 })]);
    await log.append([webhook('b', { receivedAt: 20 })]);
    const events = log.list();
    expect(events.map((e) => e.subject.name)).toEqual(['a', 'b']);
    expect(events[0]).toMatchObject({
      sourceId: 'wms',
      status: 'offline',
      checkpoints: ['New York, USA'],
      origin: 'webhook',
    });
    expect(events[1]!.id).toBeGreaterThan(events[0]!.id);
    expect(log.list({ sinceMs: 15 }).map((e) => e.subject.name)).toEqual(['b']);
    expect(log.list({ limit: 1 }).map((e) => e.subject.name)).toEqual(['b']);
  });

  it('lists the events received since any time, across a long log', async () => {
    const { log } = open();
    // Receive times with repeats and gaps, as a busy second and a quiet minute give.
    const times = Array.from({ length: 300 }, (_, i) => 1_000 + Math.floor(i / 3) * 7);
    for (let i = 0; i < times.length; i += 50) {
      await log.append(times.slice(i, i + 50).map((t, j) => webhook(`s${i + j}`, { receivedAt: t })));
    }
    for (const since of [0, 999, 1_000, 1_001, 1_350, 1_693, 1_694, 1_700, 5_000]) {
      const expected = times.flatMap((t, i) => (t >= since ? [`s${i}`] : []));
      expect(log.list({ sinceMs: since }).map((e) => e.subject.name)).toEqual(expected);
    }
    expect(log.list({ sinceMs: 1_350, limit: 2 }).map((e) => e.subject.name)).toEqual(['s298', 's299']);
  });

  it('keeps true receive times when the clock steps back, and lists by them', async () => {
    const { log, dir } = open();
    await log.append([webhook('before', { receivedAt: 50_000 })]);
    const [stepped] = await log.append([webhook('after-step-back', { receivedAt: 20_000 })]);
    expect(stepped?.event.receivedAt).toBe(20_000);
    await log.append([webhook('caught-up', { receivedAt: 60_000 })]);
    const names = (sinceMs: number, from = log) => from.list({ sinceMs }).map((e) => e.subject.name);
    expect(names(40_000)).toEqual(['before', 'caught-up']);
    expect(names(10_000)).toEqual(['before', 'after-step-back', 'caught-up']);
    expect(names(55_000)).toEqual(['caught-up']);
    logs.close(log);
    // A clock that ran far ahead for a while does not hide what comes after it, across a restart too.
    const { log: reopened } = open(dir);
    await reopened.append([webhook('glitch', { receivedAt: 9_000_000_000_000 })]);
    await reopened.append([webhook('fixed', { receivedAt: 70_000 })]);
    expect(names(65_000, reopened)).toEqual(['glitch', 'fixed']);
    expect(names(8_000_000_000_000, reopened)).toEqual(['glitch']);
  });

  it('groups appends made in the same turn into one transaction, resolving each with its own result', async () => {
    const { log } = open();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append([webhook(`s${i}`)])));
    expect(results.map((r) => r[0]?.event.subject.name)).toEqual(
      Array.from({ length: 50 }, (_, i) => `s${i}`),
    );
    expect(log.stats()).toMatchObject({ commits: 1, stored: 50 });
    await log.append([webhook('later')]);
    expect(log.stats()).toMatchObject({ commits: 2, stored: 51 });
  });

  it('keeps one copy of a repeated webhook event, in the same batch and after reopening', async () => {
    const { log, dir } = open();
    const [first, second] = await Promise.all([
      log.append([webhook('a')]),
      log.append([webhook('a', { checkpoints: ['other'] })]),
    ]);
    expect(first?.[0]?.duplicate).toBe(false);
    expect(second?.[0]).toMatchObject({
      duplicate: true,
      event: { id: first?.[0]?.event.id, checkpoints: ['New York, USA'] },
    });
    logs.close(log);

    const { log: again } = open(dir);
    const [repeat] = await again.append([webhook('a')]);
    expect(repeat?.duplicate).toBe(true);
    expect(again.list()).toHaveLength(1);
    expect(again.integrityCheck()).toBe('ok');
  });

  it('treats each part of the identity as significant', async () => {
    const { log } = open();
    const variants = [
      webhook('a'),
      webhook('a', { status: 'online' }),
      webhook('a', { sourceId: 'other' }),
      webhook('a', { subject: { kind: 'server', name: 'a' } }),
      webhook('a', {
        delivery: { time: '2023-11-14 22:13:21 UTC', digest: '0123456789abcdef0123456789abcdef' },
      }),
      webhook('a', {
        delivery: { time: '2023-11-14 22:13:20 UTC', digest: 'f123456789abcdef0123456789abcdef' },
      }),
    ];
    const results = await log.append(variants);
    expect(results.map((r) => r.duplicate)).toEqual(Array(6).fill(false));
  });

  it('never merges derived events, which have no delivery identity', async () => {
    const { log } = open();
    const derived = webhook('a', {
      origin: 'derived',
      delivery: null,
      reason: 'vanished',
      viewers: 12,
      checkpoints: [],
    });
    await log.append([derived, derived]);
    const events = log.list();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ origin: 'derived', reason: 'vanished', viewers: 12, delivery: null });
  });

  it('rejects a candidate the table refuses without failing the others of its batch', async () => {
    const { log } = open();
    // What a caller's bug could hand over despite the types: the NOT NULL column refuses it.
    const bad = webhook('broken', { sourceId: null as unknown as string });
    const [good, broken] = await Promise.allSettled([log.append([webhook('ok')]), log.append([bad])]);
    expect(good.status).toBe('fulfilled');
    expect(broken.status).toBe('rejected');
    expect(log.list().map((e) => e.subject.name)).toEqual(['ok']);
  });

  it('keeps the log in <dataDir>/alerts.sqlite, in WAL mode', () => {
    const { log, dir } = open();
    expect(log.file).toBe(join(dir, 'alerts.sqlite'));
    const reader = new DatabaseSync(log.file);
    expect(reader.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    reader.close();
    expect(log.integrityCheck()).toBe('ok');
  });
});
