import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../../shared/alerts.ts';
import type { Notice } from '../../../../shared/notices.ts';
import { createAlertEngine } from '../../../../electron/core/alerts/alert-engine.ts';
import { createManualClock } from '../../../../electron/core/clock.ts';
import { FEED_CHUNK, FEED_RETRY_MS } from '../../../../electron/core/store/alert-feed.ts';
import {
  openAlertLog,
  type AlertCandidate,
  type AlertLog,
} from '../../../../electron/core/store/alert-log.ts';
import { openHistoryStore } from '../../../../electron/core/store/history/history-store.ts';
import { StorageError } from '../../../../electron/core/store/storage-error.ts';
import {
  createStorageHealth,
  type StorageHealthChange,
} from '../../../../electron/core/store/storage-health.ts';
import { canMount, mountSmallDisk, NEEDS_ROOT, type SmallDisk } from '../../../helpers/small-disk.ts';

// Each SQLite store meets a commit that fails for real: its data dir is a small tmpfs, filled to the last
// byte between two writes, so SQLite's COMMIT gets SQLITE_FULL (and rolls back by itself). Each store
// must answer with a typed error or a counted drop, never crash or hide the error, lose or repeat
// nothing it accepted, and work again as soon as space is freed.

let disk: SmallDisk;
const opened: AlertLog[] = [];

beforeEach(() => {
  if (canMount) disk = mountSmallDisk(2048);
});
afterEach(() => {
  for (const log of opened.splice(0)) {
    try {
      log.close();
    } catch {
      // Already closed by the test.
    }
  }
  if (canMount) disk.remove();
});

let stamp = 0;
function candidate(stream: string, status: 'offline' | 'online' = 'offline'): AlertCandidate {
  stamp += 1;
  return {
    sourceId: 'wms',
    subject: { kind: 'stream', name: stream },
    status,
    occurredAt: 1_700_000_000_000 + stamp,
    receivedAt: 1_700_000_000_000 + stamp,
    origin: 'webhook',
    // Long enough that a batch needs fresh pages in the WAL.
    checkpoints: ['New York, USA', 'London, UK', 'x'.repeat(200)],
    delivery: { time: `t-${stamp}`, digest: `${stamp}`.padStart(32, '0') },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function openLog(health = createStorageHealth()): { log: AlertLog; health: typeof health } {
  const log = openAlertLog(disk.dir, { storage: health });
  opened.push(log);
  return { log, health };
}

describe.skipIf(!canMount)(`a commit that fails on a full disk (${NEEDS_ROOT})`, () => {
  it('alert log: refuses the batch with a typed "full" error naming the file, then stores again once space is back', async () => {
    const changes: StorageHealthChange[] = [];
    const { log, health } = openLog();
    health.onChange((change) => changes.push(change));
    await log.append([candidate('before')]);
    disk.fill();

    const refused = log.append(Array.from({ length: 40 }, (_, i) => candidate(`lost-${i}`)));
    await expect(refused).rejects.toBeInstanceOf(StorageError);
    await expect(refused).rejects.toMatchObject({ problem: 'full', file: join(disk.dir, 'alerts.sqlite') });
    expect(health.state()).toMatchObject({ ok: false, problem: 'full', store: 'alert-log' });
    // A second failure is the same fault: no second notice.
    await expect(log.append([candidate('again')])).rejects.toMatchObject({ problem: 'full' });
    expect(changes.map((c) => c.kind)).toEqual(['fault']);

    disk.free();
    await log.append([candidate('after')]);
    expect(log.list().map((e) => e.subject.name)).toEqual(['before', 'after']);
    expect(health.state().ok).toBe(true);
    expect(changes.map((c) => c.kind)).toEqual(['fault', 'recovered']);
    expect(log.integrityCheck()).toBe('ok');
  });

  it('alert feed: a hand-over whose batch rolls back reaches the engine once — no duplicate notice, incident or flap count', async () => {
    const clock = createManualClock(1_700_000_000_000);
    const { log } = openLog();
    const notices: Notice[] = [];
    const engine = createAlertEngine({
      store: log.incidents,
      clock,
      policy: { holdSeconds: 0, storm: { moreThan: 1_000 } },
      notifier: { notify: (notice) => notices.push(notice) },
    });
    const handed = new Map<number, number>();
    log.onStored(
      (events: AlertEvent[]) => {
        for (const e of events) handed.set(e.id, (handed.get(e.id) ?? 0) + 1);
        engine.ingestMany(events);
      },
      (error) => {
        throw error;
      },
    );

    // A full chunk of stored events waits for the next batch's transaction; among them a flapping stream.
    const streams = Array.from({ length: FEED_CHUNK - 8 }, (_, i) => candidate(`s-${i}`));
    const flappy = Array.from({ length: 8 }, (_, i) =>
      candidate('flappy', i % 2 === 0 ? 'offline' : 'online'),
    );
    await log.append([...streams, ...flappy]);
    disk.fill();
    // This batch carries the hand-over; its COMMIT fails, and SQLite rolls the whole transaction back.
    await expect(log.append([candidate('rides-along')])).rejects.toMatchObject({ problem: 'full' });
    clock.advanceTo(clock.now() + 5_000);
    expect(handed.size).toBe(FEED_CHUNK);

    disk.free();
    await sleep(FEED_RETRY_MS + 300);
    // WMSPanel retries the refused delivery; it is stored and handed over like any other.
    await log.append([candidate('rides-along')]);
    log.drainToConsumer();
    clock.advanceTo(clock.now() + 5_000);

    expect([...handed.values()].every((times) => times === 1)).toBe(true);
    expect(handed.size).toBe(FEED_CHUNK + 1);
    const opening = notices.filter((n) => n.message.kind === 'incident-opened');
    const ids = opening.flatMap((n) => n.incidentIds);
    expect(new Set(ids).size).toBe(ids.length);
    const flapping = notices.filter((n) => n.message.kind === 'flapping');
    expect(flapping).toHaveLength(1);
    expect(flapping[0]?.message).toMatchObject({ toggles: 5 });
    engine.dispose();

    // What the engine decided while the disk was full is in the file, once, and nothing is replayed.
    log.close();
    const again = openAlertLog(disk.dir);
    opened.push(again);
    const open = again.incidents.list({ open: true });
    const subjects = open.map((i) => i.subject.name);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(subjects).toContain('rides-along');
    expect(subjects).toHaveLength(FEED_CHUNK - 8 + 1);
    const replayed: AlertEvent[] = [];
    again.onStored(
      (events) => replayed.push(...events),
      (error) => {
        throw error;
      },
    );
    expect(replayed).toEqual([]);
  });

  it('incident store: an acknowledgement made while the disk is full is kept and stored once space is back', async () => {
    const { log } = openLog();
    const incident = log.incidents.open({
      sourceId: 'wms',
      subject: { kind: 'server', name: 'edge-1' },
      openedAt: 1_000,
      checkpoints: ['y'.repeat(3000)],
      eventId: 1,
    });
    disk.fill();
    const acknowledged = log.incidents.acknowledge(incident.id, 2_000);
    const closed = log.incidents.close(incident.id, { closedAt: 9_000 });
    expect(acknowledged?.acknowledgedAt).toBe(2_000);
    expect(log.incidents.get(incident.id)).toMatchObject({ acknowledgedAt: 2_000, closedAt: 9_000 });
    expect(closed.downtimeMs).toBe(8_000);

    disk.free();
    await sleep(FEED_RETRY_MS + 300);
    log.close();
    const again = openAlertLog(disk.dir);
    opened.push(again);
    expect(again.incidents.get(incident.id)).toMatchObject({ acknowledgedAt: 2_000, closedAt: 9_000 });
    // Ids are the store's own: the next incident does not take the one kept in memory meanwhile.
    const next = again.incidents.open({
      sourceId: 'wms',
      subject: { kind: 'server', name: 'edge-2' },
      openedAt: 10_000,
      checkpoints: [],
      eventId: 2,
    });
    expect(next.id).toBe(incident.id + 1);
  });

  it('history: a poll that cannot be stored is dropped and counted, and the next one is stored', async () => {
    const health = createStorageHealth();
    const clock = createManualClock(1_700_000_030_000);
    const history = openHistoryStore({ file: join(disk.dir, 'history.sqlite'), storage: health, clock });
    const poll = (at: number, viewers: number) => ({
      at,
      viewers,
      bandwidthBps: null,
      streams: Array.from({ length: 300 }, (_, i) => ({
        name: `stream-${i}-${'z'.repeat(40)}`,
        viewers,
        bandwidthBps: null,
      })),
    });
    await history.record('wms', poll(1_700_000_000_000, 1));
    disk.fill();
    await expect(history.record('wms', poll(1_700_000_010_000, 2))).resolves.toBeUndefined();
    expect(health.state()).toMatchObject({
      ok: false,
      problem: 'full',
      store: 'history',
      droppedHistoryWrites: 1,
    });

    disk.free();
    await history.record('wms', poll(1_700_000_020_000, 3));
    expect(health.state()).toMatchObject({ ok: true, droppedHistoryWrites: 1 });
    const [total] = history.series({
      sourceId: 'wms',
      fromMs: 1_700_000_000_000,
      toMs: 1_700_000_030_000,
      maxPoints: 100,
    });
    expect(total?.viewers.filter((v) => v !== null)).toEqual([1, 3]);
    history.close();
  });
});
