import { describe, expect, it } from 'vitest';
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
});
