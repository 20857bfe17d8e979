import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { SqliteIncidentStore } from '../../../../electron/core/store/sqlite-incident-store.ts';
import { useTempAlertLogs } from '../../../helpers/temp-alert-logs.ts';

const logs = useTempAlertLogs();
const open = logs.open;

const stream = { kind: 'stream', name: 'rtmp://example.com/live/a' } as const;

describe('SqliteIncidentStore', () => {
  it('opens, attaches, acknowledges and closes an incident with its downtime', () => {
    const { incidents } = open().log;
    const opened = incidents.open({
      sourceId: 'wms',
      subject: stream,
      openedAt: 1000,
      checkpoints: ['NY'],
      eventId: 1,
    });
    expect(opened).toMatchObject({
      sourceId: 'wms',
      subject: stream,
      openedAt: 1000,
      closedAt: null,
      downtimeMs: null,
      checkpoints: ['NY'],
      eventIds: [1],
    });
    expect(incidents.findOpen('wms', stream)?.id).toBe(opened.id);

    incidents.attach(opened.id, { eventId: 3, checkpoints: ['London', 'NY'] });
    expect(incidents.acknowledge(opened.id, 1500)?.acknowledgedAt).toBe(1500);
    expect(incidents.acknowledge(opened.id, 1700)?.acknowledgedAt).toBe(1500);

    const closed = incidents.close(opened.id, { closedAt: 61_000, eventId: 4 });
    expect(closed).toMatchObject({
      closedAt: 61_000,
      downtimeMs: 60_000,
      checkpoints: ['NY', 'London'],
      eventIds: [1, 3, 4],
      acknowledgedAt: 1500,
    });
    expect(incidents.findOpen('wms', stream)).toBeUndefined();
    expect(() => incidents.close(opened.id, { closedAt: 70_000 })).toThrow(/already closed/);
  });

  it('allows one open incident per subject, and a new one after closing', () => {
    const { incidents } = open().log;
    const first = incidents.open({
      sourceId: 'wms',
      subject: stream,
      openedAt: 1,
      checkpoints: [],
      eventId: 1,
    });
    expect(() =>
      incidents.open({ sourceId: 'wms', subject: stream, openedAt: 2, checkpoints: [], eventId: 2 }),
    ).toThrow(/already open/);
    // Another source or subject kind is another subject.
    incidents.open({ sourceId: 'wms2', subject: stream, openedAt: 2, checkpoints: [], eventId: 2 });
    incidents.open({
      sourceId: 'wms',
      subject: { kind: 'server', name: stream.name },
      openedAt: 2,
      checkpoints: [],
      eventId: 3,
    });
    incidents.close(first.id, { closedAt: 5 });
    expect(
      incidents.open({ sourceId: 'wms', subject: stream, openedAt: 6, checkpoints: [], eventId: 4 }).id,
    ).not.toBe(first.id);
  });

  it('lists by state and by time, and survives reopening', () => {
    const { log, dir } = open();
    const a = log.incidents.open({
      sourceId: 'wms',
      subject: stream,
      openedAt: 100,
      checkpoints: [],
      eventId: 1,
    });
    log.incidents.close(a.id, { closedAt: 200 });
    const b = log.incidents.open({
      sourceId: 'wms',
      subject: { kind: 'server', name: 'edge1' },
      openedAt: 300,
      checkpoints: [],
      eventId: 2,
    });
    logs.close(log);

    const { incidents } = open(dir).log;
    expect(incidents.list().map((i) => i.id)).toEqual([a.id, b.id]);
    expect(incidents.list({ open: true }).map((i) => i.id)).toEqual([b.id]);
    expect(incidents.list({ open: false }).map((i) => i.id)).toEqual([a.id]);
    expect(incidents.list({ sinceMs: 250 }).map((i) => i.id)).toEqual([b.id]);
    expect(incidents.list({ sinceMs: 150 }).map((i) => i.id)).toEqual([a.id, b.id]);
    expect(incidents.get(a.id)?.downtimeMs).toBe(100);
    expect(incidents.get(999)).toBeUndefined();
    expect(incidents.acknowledge(999, 1)).toBeUndefined();
  });

  it('keeps every event of an incident across reopening: opener, repeats and closer', () => {
    const { log, dir } = open();
    const a = log.incidents.open({
      sourceId: 'wms',
      subject: stream,
      openedAt: 100,
      checkpoints: ['NY'],
      eventId: 3,
    });
    log.incidents.attach(a.id, { eventId: 5, checkpoints: ['Tokyo'] });
    log.incidents.close(a.id, { closedAt: 200, eventId: 8 });
    logs.close(log);
    expect(open(dir).log.incidents.get(a.id)).toMatchObject({
      eventIds: [3, 5, 8],
      checkpoints: ['NY', 'Tokyo'],
    });
  });

  it('keeps what it could not store while the file is full, and stores it once with the next write that works', () => {
    const db = new DatabaseSync(join(logs.dir(), 'alerts.sqlite'));
    db.exec('PRAGMA journal_mode = WAL');
    const store = new SqliteIncidentStore(db);
    const failures: unknown[] = [];
    store.onUnsaved((failure) => failures.push(failure));
    const first = store.open({ sourceId: 'wms', subject: stream, openedAt: 1, checkpoints: [], eventId: 1 });
    // The database may not grow by a single page: SQLite answers SQLITE_FULL, as on a full disk.
    const pages = Number(db.prepare('PRAGMA page_count').get()?.['page_count']);
    db.exec(`PRAGMA max_page_count = ${pages}`);
    const big = Array.from({ length: 40 }, (_, i) => `checkpoint ${i} ${'c'.repeat(200)}`);
    const kept = Array.from({ length: 5 }, (_, i) =>
      store.open({
        sourceId: 'wms',
        subject: { kind: 'server', name: `edge-${i}` },
        openedAt: 10 + i,
        checkpoints: big,
        eventId: 10 + i,
      }),
    );
    store.close(first.id, { closedAt: 50, eventId: 2 });
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatchObject({ errcode: 13 });
    // Memory says what the engine decided: five servers down, the stream back.
    expect(store.list({ open: true }).map((i) => i.subject.name)).toEqual(kept.map((i) => i.subject.name));
    expect(store.get(first.id)?.closedAt).toBe(50);
    expect(store.hasUnsaved()).toBe(true);

    db.exec('PRAGMA max_page_count = 1073741823');
    store.acknowledge(kept[0]?.id ?? 0, 60);
    expect(store.hasUnsaved()).toBe(false);
    const reread = new SqliteIncidentStore(db);
    expect(reread.list({ open: true }).map((i) => [i.id, i.subject.name, i.checkpoints.length])).toEqual(
      kept.map((i) => [i.id, i.subject.name, 40]),
    );
    expect(reread.get(first.id)).toMatchObject({ closedAt: 50, eventIds: [1, 2] });
    expect(reread.get(kept[0]?.id ?? 0)?.acknowledgedAt).toBe(60);
    db.close();
  });
});
