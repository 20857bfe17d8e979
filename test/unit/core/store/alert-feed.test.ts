import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../../shared/alerts.ts';
import { createAlertEngine } from '../../../../electron/core/alerts/alert-engine.ts';
import { createManualClock } from '../../../../electron/core/clock.ts';
import { FEED_CHUNK } from '../../../../electron/core/store/alert-feed.ts';
import type { AlertCandidate, AlertLog } from '../../../../electron/core/store/alert-log.ts';
import { useTempAlertLogs } from '../../../helpers/temp-alert-logs.ts';

// The alert log hands every stored event to its consumer (the engine) just after the event's own
// commit, and keeps a cursor so that a crash between the two never loses an incident.

const logs = useTempAlertLogs();
const tempDir = logs.dir;
const open = (dir: string): AlertLog => logs.open(dir).log;
/** Closes like a killed process would leave it: no hand-over of what is still pending. */
const abandon = (log: AlertLog): void => logs.close(log);

let stamp = 0;
function event(stream: string, status: 'offline' | 'online' = 'offline'): AlertCandidate {
  stamp += 1;
  return {
    sourceId: 'wms',
    subject: { kind: 'stream', name: stream },
    status,
    occurredAt: 1_700_000_000_000 + stamp,
    receivedAt: 1_700_000_000_000 + stamp,
    origin: 'webhook',
    checkpoints: [],
    delivery: {
      time: `2023-11-14 22:13:${String(stamp % 60).padStart(2, '0')} UTC`,
      digest: `${stamp}`.padStart(32, '0'),
    },
  };
}

function collect(log: AlertLog): AlertEvent[][] {
  const batches: AlertEvent[][] = [];
  log.onStored(
    (events) => batches.push(events),
    (error) => {
      throw error;
    },
  );
  return batches;
}

describe('alert log feed', () => {
  it('hands each new event to the consumer once, after its commit, and never a repeat', async () => {
    const log = open(tempDir());
    const batches = collect(log);
    const first = event('a');
    await log.append([first]);
    expect(batches).toEqual([]); // the 204 does not wait for the engine
    await log.append([first, event('b')]);
    log.drainToConsumer();
    expect(batches.flat().map((e) => e.subject.name)).toEqual(['a', 'b']);
    expect(batches.flat()[0]).not.toHaveProperty('delivery');
  });

  it('hands pending events over within moments even when nothing else is written', async () => {
    const log = open(tempDir());
    const batches = collect(log);
    await log.append([event('a')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(batches.flat().map((e) => e.subject.name)).toEqual(['a']);
  });

  it('hands a burst over in chunks, oldest first, so no hand-over holds up deliveries for long', async () => {
    const log = open(tempDir());
    const batches = collect(log);
    const names = Array.from({ length: FEED_CHUNK * 3 + 5 }, (_, i) => `burst-${i}`);
    await log.append(names.map((name) => event(name)));
    for (let waited = 0; batches.flat().length < names.length && waited < 2_000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batches.flat().map((e) => e.subject.name)).toEqual(names);
    expect(batches.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(FEED_CHUNK);
  });

  it('after a crash before the hand-over, gives the next run those events, and only those', async () => {
    const dir = tempDir();
    const before = open(dir);
    const seen = collect(before);
    await before.append([event('a')]);
    before.drainToConsumer();
    await before.append([event('b'), event('c')]);
    abandon(before); // killed: b and c are stored but the engine never saw them
    expect(seen.flat().map((e) => e.subject.name)).toEqual(['a']);

    const after = open(dir);
    const replayed = collect(after);
    expect(replayed.flat().map((e) => e.subject.name)).toEqual(['b', 'c']);
    after.drainToConsumer();
    abandon(after);
    expect(collect(open(dir))).toEqual([]);
  });

  it('rebuilds the incidents a crash kept from the engine', async () => {
    const dir = tempDir();
    const clock = createManualClock();
    const first = open(dir);
    await first.append([event('rtmp://x/live/a')]);
    abandon(first);

    const log = open(dir);
    const engine = createAlertEngine({ store: log.incidents, clock, notifier: { notify: () => {} } });
    log.onStored(
      (events) => engine.ingestMany(events),
      (error) => {
        throw error;
      },
    );
    expect(log.incidents.list({ open: true }).map((i) => i.subject.name)).toEqual(['rtmp://x/live/a']);
    engine.dispose();
  });

  it('keeps the events when the consumer fails, and goes on with later ones', async () => {
    const log = open(tempDir());
    const failures: unknown[] = [];
    const seen: string[] = [];
    log.onStored(
      (events) => {
        for (const e of events) {
          log.incidents.open({
            sourceId: e.sourceId,
            subject: e.subject,
            openedAt: e.occurredAt,
            checkpoints: [],
            eventId: e.id,
          });
          if (e.subject.name === 'bad') throw new Error('engine bug');
          seen.push(e.subject.name);
        }
      },
      (error) => failures.push(error),
    );
    await log.append([event('bad')]);
    log.drainToConsumer();
    await log.append([event('good')]);
    log.drainToConsumer();
    expect(failures).toHaveLength(1);
    expect(seen).toEqual(['good']);
    expect(log.list().map((e) => e.subject.name)).toEqual(['bad', 'good']);
    // What the failing pass wrote was undone, in the file and in memory alike.
    expect(log.incidents.list().map((i) => i.subject.name)).toEqual(['good']);
  });
});
