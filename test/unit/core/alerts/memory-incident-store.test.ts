import { describe, expect, it } from 'vitest';
import { MemoryIncidentStore } from '../../../../electron/core/alerts/memory-incident-store.ts';

const cam = { kind: 'stream', name: 'rtmp://example.com/live/cam1' } as const;

describe('MemoryIncidentStore', () => {
  it('opens, attaches repeats with merged checkpoints, and closes with the downtime', () => {
    const store = new MemoryIncidentStore();
    const opened = store.open({
      sourceId: 'wms',
      subject: cam,
      openedAt: 1_000,
      checkpoints: ['New York, USA'],
      eventId: 1,
    });
    store.attach(opened.id, { eventId: 2, checkpoints: ['New York, USA', 'Tokyo, Japan'] });
    expect(store.findOpen('wms', cam)?.checkpoints).toEqual(['New York, USA', 'Tokyo, Japan']);
    const closed = store.close(opened.id, { closedAt: 253_000, eventId: 3 });
    expect(closed).toMatchObject({ closedAt: 253_000, downtimeMs: 252_000, eventIds: [1, 2, 3] });
    expect(store.findOpen('wms', cam)).toBeUndefined();
    expect(store.list({ open: false }).map((i) => i.id)).toEqual([opened.id]);
  });

  it('refuses a second open incident for one subject and a second close', () => {
    const store = new MemoryIncidentStore();
    const opened = store.open({ sourceId: 'wms', subject: cam, openedAt: 0, checkpoints: [], eventId: 1 });
    expect(() =>
      store.open({ sourceId: 'wms', subject: cam, openedAt: 5, checkpoints: [], eventId: 2 }),
    ).toThrow(/still open/);
    // The same name on another source is another subject.
    expect(() =>
      store.open({ sourceId: 'other', subject: cam, openedAt: 5, checkpoints: [], eventId: 3 }),
    ).not.toThrow();
    store.close(opened.id, { closedAt: 10 });
    expect(() => store.close(opened.id, { closedAt: 20 })).toThrow(/already closed/);
    expect(() => store.attach(999, { eventId: 4 })).toThrow(/no incident 999/);
  });

  it('hands out copies and keeps the first acknowledgement', () => {
    const store = new MemoryIncidentStore();
    const opened = store.open({ sourceId: 'wms', subject: cam, openedAt: 0, checkpoints: [], eventId: 1 });
    opened.eventIds.push(42);
    expect(store.get(opened.id)?.eventIds).toEqual([1]);
    store.acknowledge(opened.id, 100);
    expect(store.acknowledge(opened.id, 200)?.acknowledgedAt).toBe(100);
    expect(store.acknowledge(999, 200)).toBeUndefined();
  });

  it('lists oldest first, and since a time those that were down at any moment after it', () => {
    const store = new MemoryIncidentStore();
    store.open({
      sourceId: 'wms',
      subject: { kind: 'stream', name: 'b' },
      openedAt: 300,
      checkpoints: [],
      eventId: 1,
    });
    store.open({
      sourceId: 'wms',
      subject: { kind: 'stream', name: 'a' },
      openedAt: 100,
      checkpoints: [],
      eventId: 2,
    });
    expect(store.list().map((i) => i.subject.name)).toEqual(['a', 'b']);
    expect(store.list({ sinceMs: 200 }).map((i) => i.subject.name)).toEqual(['a', 'b']);
    store.close(2, { closedAt: 150 });
    expect(store.list({ sinceMs: 200 }).map((i) => i.subject.name)).toEqual(['b']);
    expect(store.list({ sinceMs: 150 }).map((i) => i.subject.name)).toEqual(['a', 'b']);
  });
});
