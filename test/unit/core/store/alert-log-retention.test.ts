import { describe, expect, it } from 'vitest';
import {
  openAlertLog,
  type AlertCandidate,
  type AlertLog,
} from '../../../../electron/core/store/alert-log.ts';
import { useTempAlertLogs } from '../../../helpers/temp-alert-logs.ts';

// retention.alertLogDays: events and closed incidents older than that go, oldest first, in small
// transactions between which deliveries are stored; open incidents and events the engine has not been
// handed yet always stay.

const logs = useTempAlertLogs();
const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);

let stamp = 0;
function event(stream: string, receivedAt: number): AlertCandidate {
  stamp += 1;
  return {
    sourceId: 'wms',
    subject: { kind: 'stream', name: stream },
    status: 'offline',
    occurredAt: receivedAt,
    receivedAt,
    origin: 'webhook',
    checkpoints: [],
    delivery: { time: `t-${stamp}`, digest: `${stamp}`.padStart(32, '0') },
  };
}

function openWithClock(dir: string, clock: { now: number }, days: number | null = 90): AlertLog {
  const log = openAlertLog(dir, { now: () => clock.now });
  log.setRetentionDays(days);
  // A consumer that takes every event, as the engine does: the cursor moves past them.
  log.onStored(
    () => {},
    (error) => {
      throw error;
    },
  );
  return log;
}

describe('alert log retention', () => {
  it('deletes events and closed incidents older than alertLogDays, and keeps open incidents however old', async () => {
    const dir = logs.dir();
    const clock = { now: NOW };
    const log = openWithClock(dir, clock);
    await log.append([event('ancient', NOW - 200 * DAY), event('old', NOW - 91 * DAY)]);
    await log.append([event('recent', NOW - 89 * DAY), event('today', NOW)]);
    log.drainToConsumer();
    const still = log.incidents.open({
      sourceId: 'wms',
      subject: { kind: 'server', name: 'down-for-months' },
      openedAt: NOW - 200 * DAY,
      checkpoints: [],
      eventId: 1,
    });
    const gone = log.incidents.open({
      sourceId: 'wms',
      subject: { kind: 'stream', name: 'closed-long-ago' },
      openedAt: NOW - 120 * DAY,
      checkpoints: [],
      eventId: 2,
    });
    log.incidents.close(gone.id, { closedAt: NOW - 100 * DAY, eventId: 3 });
    const kept = log.incidents.open({
      sourceId: 'wms',
      subject: { kind: 'stream', name: 'closed-lately' },
      openedAt: NOW - 95 * DAY,
      checkpoints: [],
      eventId: 4,
    });
    log.incidents.close(kept.id, { closedAt: NOW - 80 * DAY, eventId: 4 });

    await expect(log.prune()).resolves.toEqual({ events: 2, incidents: 1 });
    expect(log.list().map((e) => e.subject.name)).toEqual(['recent', 'today']);
    expect(log.incidents.list().map((i) => i.subject.name)).toEqual(['down-for-months', 'closed-lately']);
    expect(log.incidents.get(still.id)?.closedAt).toBeNull();
    expect(log.incidents.get(gone.id)).toBeUndefined();

    // Time passes (the injected clock): what was recent ages out at its turn.
    clock.now = NOW + 2 * DAY;
    await expect(log.prune()).resolves.toEqual({ events: 1, incidents: 0 });
    expect(log.list().map((e) => e.subject.name)).toEqual(['today']);
    logs.close(log);
    expect(
      openAlertLog(dir)
        .list()
        .map((e) => e.subject.name),
    ).toEqual(['today']);
  });

  it('never deletes events the alert engine has not been handed yet', async () => {
    const clock = { now: NOW };
    const log = openAlertLog(logs.dir(), { now: () => clock.now });
    log.setRetentionDays(30);
    await log.append([event('unseen', NOW - 60 * DAY)]);
    await expect(log.prune()).resolves.toEqual({ events: 0, incidents: 0 });
    expect(log.list()).toHaveLength(1);
    log.close();
  });

  it('keeps everything when retention is off', async () => {
    const clock = { now: NOW };
    const log = openWithClock(logs.dir(), clock, null);
    await log.append([event('ancient', NOW - 5_000 * DAY)]);
    log.drainToConsumer();
    await expect(log.prune()).resolves.toEqual({ events: 0, incidents: 0 });
    expect(log.list()).toHaveLength(1);
    log.close();
  });

  it('deletes a large backlog in small steps that let deliveries through in between', async () => {
    const clock = { now: NOW };
    const log = openWithClock(logs.dir(), clock);
    const backlog = Array.from({ length: 3_000 }, (_, i) => event(`old-${i}`, NOW - 100 * DAY + i));
    await log.append(backlog);
    log.drainToConsumer();
    const order: string[] = [];
    const pruning = log.prune().then((removed) => {
      order.push('pruned');
      return removed;
    });
    const delivery = log.append([event('delivery', NOW)]).then(() => order.push('delivered'));
    await Promise.all([pruning, delivery]);
    // The delivery did not wait for the whole backlog to go.
    expect(order).toEqual(['delivered', 'pruned']);
    await expect(pruning).resolves.toEqual({ events: 3_000, incidents: 0 });
    expect(log.list().map((e) => e.subject.name)).toEqual(['delivery']);
    log.close();
  });
});
