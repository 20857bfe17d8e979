import { describe, expect, it } from 'vitest';
import { describeNotice } from '../../../../shared/i18n/describe-notice.ts';
import type { Notice } from '../../../../shared/notices.ts';
import { createAlertEngine } from '../../../../electron/core/alerts/alert-engine.ts';
import { createManualClock } from '../../../../electron/core/clock.ts';
import { MemoryIncidentStore } from '../../../../electron/core/alerts/memory-incident-store.ts';
import { harness, server, stream, T0 } from './alert-harness.ts';

const HOLD = 2_000;
const MINUTE = 60_000;

describe('alert engine: state changes', () => {
  it('sends one notice per state change, and the recovery says how long it was down', () => {
    const h = harness();
    h.offline(stream('rtmp://example.com/live/cam1'), { viewers: 120, checkpoints: ['New York, USA'] });
    expect(h.notices).toHaveLength(0); // held briefly to see whether a storm is starting
    h.clock.advance(HOLD);
    expect(h.kinds()).toEqual(['incident-opened']);
    expect(h.notices[0]).toMatchObject({ severity: 'warning', coalesced: false, incidentIds: [1] });
    expect(describeNotice(h.notices[0] as Notice, 'en').body).toBe(
      'example.com/live/cam1 is down — 120 watching; failed from New York, USA',
    );

    h.clock.advance(4 * MINUTE + 12_000 - HOLD);
    h.online(stream('rtmp://example.com/live/cam1'));
    expect(h.kinds()).toEqual(['incident-opened', 'incident-resolved']);
    const back = h.notices[1] as Notice;
    expect(back.message).toMatchObject({ kind: 'incident-resolved', downtimeMs: 252_000 });
    expect(describeNotice(back, 'en').body).toBe('example.com/live/cam1 is back after 4:12');
    expect(h.engine.openIncidents()).toHaveLength(0);
  });

  it('reports which incidents a batch opened and closed, a blip within one batch included', () => {
    const h = harness();
    const at = h.clock.now();
    const event = (id: number, name: string, status: 'offline' | 'online') => ({
      id,
      sourceId: 'wms',
      subject: stream(name),
      status,
      occurredAt: at,
      receivedAt: at,
      origin: 'webhook' as const,
      checkpoints: [],
    });
    const first = h.engine.ingestMany([
      event(1, 'a', 'offline'),
      event(2, 'b', 'offline'),
      event(3, 'b', 'online'),
    ]);
    expect(first.opened.map((i) => i.subject.name)).toEqual(['a', 'b']);
    expect(first.closed.map((i) => [i.subject.name, i.eventIds])).toEqual([['b', [2, 3]]]);
    const second = h.engine.ingestMany([event(4, 'a', 'offline'), event(5, 'a', 'online')]);
    expect(second.opened).toEqual([]); // a repeated offline joins the open incident
    expect(second.closed.map((i) => i.eventIds)).toEqual([[1, 4, 5]]);
  });

  it('attaches a repeated offline to the open incident without a notice', () => {
    const h = harness();
    h.offline(stream('cam1'), { checkpoints: ['New York, USA'] });
    h.clock.advance(HOLD);
    h.offline(stream('cam1'), { checkpoints: ['Tokyo, Japan'] });
    h.clock.advance(10 * MINUTE);
    expect(h.kinds()).toEqual(['incident-opened']);
    const [incident] = h.engine.openIncidents();
    expect(incident).toMatchObject({ eventIds: [1, 2], checkpoints: ['New York, USA', 'Tokyo, Japan'] });
  });

  it('ignores an online for something never seen offline', () => {
    const h = harness();
    h.online(stream('cam1'));
    h.clock.advance(MINUTE);
    expect(h.notices).toHaveLength(0);
    expect(h.store.list()).toHaveLength(0);
  });

  it('announces a blip shorter than the hold as down, then back, in that order', () => {
    const h = harness();
    h.offline(stream('cam1'));
    h.clock.advance(500);
    h.online(stream('cam1'));
    expect(h.kinds()).toEqual(['incident-opened', 'incident-resolved']);
    h.clock.advance(MINUTE);
    expect(h.notices).toHaveLength(2);
  });

  it('closes a server incident by hand (servers send no online) and notifies the downtime once', () => {
    const h = harness();
    h.offline(server('edge1.example.com'));
    h.clock.advance(HOLD);
    expect(h.notices[0]).toMatchObject({ severity: 'critical', message: { kind: 'incident-opened' } });
    h.clock.advance(25 * MINUTE - HOLD);
    const id = h.notices[0]?.incidentIds[0] ?? -1;
    expect(h.engine.closeIncident(id)).toMatchObject({ downtimeMs: 25 * MINUTE });
    expect(h.engine.closeIncident(id)?.closedAt).toBe(T0 + 25 * MINUTE);
    expect(h.engine.closeIncident(999)).toBeUndefined();
    expect(h.kinds()).toEqual(['incident-opened', 'incident-resolved']);
    expect(describeNotice(h.notices[1] as Notice, 'en')).toEqual({
      title: 'Server back on wms',
      body: 'edge1.example.com is back after 25:00',
    });
  });
});

describe('alert engine: severity', () => {
  it('weighs the audience: thousands watching outranks nobody watching; servers are critical', () => {
    const h = harness({ holdSeconds: 0, storm: { moreThan: 10 } });
    h.offline(stream('big'), { viewers: 4_200 });
    h.offline(stream('small'), { viewers: 3 });
    h.offline(stream('empty'), { viewers: 0 });
    h.offline(stream('unknown'));
    h.offline(server('edge1'));
    h.clock.advance(1);
    const bySubject = Object.fromEntries(
      h.notices.map((n) => [n.message.kind === 'incident-opened' ? n.message.subject.name : '?', n.severity]),
    );
    expect(bySubject).toEqual({
      big: 'critical',
      small: 'warning',
      empty: 'info',
      unknown: 'warning',
      edge1: 'critical',
    });
  });

  it('takes the critical threshold from the policy', () => {
    const h = harness({ severity: { criticalViewers: 50 } });
    h.offline(stream('mid'), { viewers: 60 });
    h.clock.advance(HOLD);
    expect(h.notices[0]?.severity).toBe('critical');
  });
});

describe('alert engine: storms', () => {
  it('turns 37 streams down within 10 s into one summary, and their recoveries into one more', () => {
    const h = harness();
    for (let i = 1; i <= 37; i += 1) {
      h.offline(stream(`edge-eu-${i}`), { viewers: i === 5 ? 2_000 : 10 });
      h.clock.advance(25);
    }
    h.clock.advance(MINUTE);
    expect(h.kinds()).toEqual(['storm-opened']);
    const storm = h.notices[0] as Notice;
    expect(storm).toMatchObject({
      coalesced: true,
      severity: 'critical',
      message: { count: 37, subjectKinds: 'stream' },
    });
    expect(storm.incidentIds).toHaveLength(37);
    expect(describeNotice(storm, 'en')).toEqual({
      title: '37 streams offline on wms',
      body: 'edge-eu-1, edge-eu-2, edge-eu-3, …',
    });
    expect(h.engine.openIncidents()).toHaveLength(37);

    h.clock.advance(3 * MINUTE);
    for (let i = 1; i <= 37; i += 1) {
      h.online(stream(`edge-eu-${i}`));
      h.clock.advance(20);
    }
    h.clock.advance(MINUTE);
    expect(h.kinds()).toEqual(['storm-opened', 'storm-resolved']);
    expect(h.notices[1]?.message).toMatchObject({ kind: 'storm-resolved', count: 37, stillDown: 0 });
    expect(h.notices[1]?.incidentIds).toHaveLength(37);
  });

  it('keeps three in the window individual: a storm is more than three', () => {
    const h = harness();
    for (const name of ['a', 'b', 'c']) {
      h.offline(stream(name));
      h.clock.advance(3_000);
    }
    h.clock.advance(MINUTE);
    expect(h.kinds()).toEqual(['incident-opened', 'incident-opened', 'incident-opened']);
  });

  it('folds incidents already announced into the storm when the fourth arrives within 10 s', () => {
    const h = harness();
    for (const name of ['a', 'b', 'c', 'd']) {
      h.offline(stream(name));
      h.clock.advance(2_500);
    }
    h.clock.advance(MINUTE);
    expect(h.kinds()).toEqual(['incident-opened', 'incident-opened', 'incident-opened', 'storm-opened']);
    expect(h.notices[3]?.message).toMatchObject({ count: 4 });
    for (const name of ['a', 'b', 'c', 'd']) h.online(stream(name));
    h.clock.advance(MINUTE);
    expect(h.kinds().slice(4)).toEqual(['storm-resolved']);
  });

  it('reports a storm that keeps growing once, when it settles', () => {
    const h = harness();
    for (let i = 0; i < 10; i += 1) h.offline(stream(`s${i}`));
    h.clock.advance(HOLD);
    expect(h.notices[0]?.message).toMatchObject({ kind: 'storm-opened', count: 10 });
    for (let i = 10; i < 40; i += 1) {
      h.offline(stream(`s${i}`));
      h.clock.advance(200);
    }
    h.clock.advance(MINUTE);
    expect(h.kinds()).toEqual(['storm-opened', 'storm-grew']);
    expect(h.notices[1]?.message).toMatchObject({ count: 40, added: 30, sample: ['s10', 's11', 's12'] });
    expect(describeNotice(h.notices[1] as Notice, 'en').title).toBe('40 streams now offline on wms');
  });

  it('keeps sources apart, and word a mixed storm as incidents', () => {
    const h = harness();
    for (let i = 0; i < 3; i += 1) {
      h.offline(stream(`wms-${i}`));
      h.offline(stream(`other-${i}`), { sourceId: 'other' });
    }
    h.offline(server('edge1'), { sourceId: 'other' });
    h.clock.advance(MINUTE);
    expect(h.kinds().sort()).toEqual([
      'incident-opened',
      'incident-opened',
      'incident-opened',
      'storm-opened',
    ]);
    const storm = h.notices.find((n) => n.message.kind === 'storm-opened') as Notice;
    expect(storm).toMatchObject({
      severity: 'critical',
      message: { sourceId: 'other', count: 4, subjectKinds: 'mixed' },
    });
    expect(describeNotice(storm, 'en').title).toBe('4 incidents offline on other');
  });

  it('announces a lone recovery in a storm on its own, with its downtime', () => {
    const h = harness();
    for (let i = 0; i < 5; i += 1) h.offline(stream(`s${i}`));
    h.clock.advance(MINUTE);
    h.online(stream('s2'));
    h.clock.advance(MINUTE);
    expect(h.kinds()).toEqual(['storm-opened', 'incident-resolved']);
    expect(h.notices[1]?.message).toMatchObject({ downtimeMs: MINUTE });
  });
});

describe('alert engine: flapping', () => {
  it('marks a stream flapping once, stays quiet, and releases it after 5 stable minutes', () => {
    const h = harness();
    const cam = stream('cam1');
    for (let i = 0; i < 4; i += 1) {
      if (i % 2 === 0) h.offline(cam);
      else h.online(cam);
      h.clock.advance(MINUTE);
    }
    expect(h.kinds()).toEqual([
      'incident-opened',
      'incident-resolved',
      'incident-opened',
      'incident-resolved',
    ]);
    h.offline(cam); // fifth change within 10 minutes
    expect(h.kinds().slice(4)).toEqual(['flapping']);
    expect(h.engine.isFlapping('wms', cam)).toBe(true);
    expect(describeNotice(h.notices[4] as Notice, 'en').body).toBe(
      'cam1 changed state 5 times in 10 min; quiet until it settles',
    );
    for (let i = 0; i < 6; i += 1) {
      h.clock.advance(MINUTE);
      if (i % 2 === 0) h.online(cam);
      else h.offline(cam);
    }
    expect(h.kinds().slice(4)).toEqual(['flapping']);
    // Still down after the last change; five stable minutes later it is released, and says so.
    h.clock.advance(5 * MINUTE - 1);
    expect(h.engine.isFlapping('wms', cam)).toBe(true);
    h.clock.advance(1);
    expect(h.engine.isFlapping('wms', cam)).toBe(false);
    expect(h.kinds().slice(4)).toEqual(['flapping', 'flapping-ended']);
    expect(h.notices[5]?.message).toMatchObject({ status: 'offline' });
    // From here it is an ordinary incident again.
    h.online(cam);
    expect(h.kinds().slice(6)).toEqual(['incident-resolved']);
    // Every change was recorded even while quiet.
    expect(h.store.list()).toHaveLength(6);
  });

  it('does not call slow changes flapping', () => {
    const h = harness();
    for (let i = 0; i < 8; i += 1) {
      if (i % 2 === 0) h.offline(stream('cam1'));
      else h.online(stream('cam1'));
      h.clock.advance(3 * MINUTE);
    }
    expect(h.kinds().filter((k) => k === 'flapping')).toHaveLength(0);
    expect(h.notices).toHaveLength(8);
  });
});

describe('alert engine: mutes', () => {
  it('mutes one stream for a while, still recording its incident', () => {
    const h = harness();
    h.engine.mute({ kind: 'stream', sourceId: 'wms', name: 'cam1' }, T0 + 10 * MINUTE);
    h.offline(stream('cam1'));
    h.offline(stream('cam2'));
    h.clock.advance(HOLD);
    expect(h.notices.map((n) => n.message.kind === 'incident-opened' && n.message.subject.name)).toEqual([
      'cam2',
    ]);
    expect(h.engine.openIncidents().map((i) => i.subject.name)).toEqual(['cam1', 'cam2']);
    h.online(stream('cam1'));
    expect(h.notices).toHaveLength(1);
    expect(h.engine.mutes()).toEqual([
      { target: { kind: 'stream', sourceId: 'wms', name: 'cam1' }, untilMs: T0 + 10 * MINUTE },
    ]);

    h.clock.advanceTo(T0 + 10 * MINUTE);
    expect(h.engine.mutes()).toEqual([]);
    h.offline(stream('cam1'));
    h.clock.advance(HOLD);
    expect(h.notices).toHaveLength(2);
  });

  it('mutes one server, or a whole source until unmuted', () => {
    const h = harness();
    h.engine.mute({ kind: 'server', sourceId: 'wms', name: 'edge1' }, null);
    h.engine.mute({ kind: 'source', sourceId: 'other' }, null);
    h.offline(server('edge1'));
    h.offline(server('edge2'));
    h.offline(stream('cam1'), { sourceId: 'other' });
    h.offline(
      { kind: 'source', name: 'other' },
      { sourceId: 'other', origin: 'derived', reason: 'unreachable' },
    );
    h.clock.advance(HOLD);
    expect(h.notices.map((n) => n.message.kind === 'incident-opened' && n.message.subject.name)).toEqual([
      'edge2',
    ]);

    expect(h.engine.unmute({ kind: 'source', sourceId: 'other' })).toBe(true);
    expect(h.engine.unmute({ kind: 'source', sourceId: 'other' })).toBe(false);
    h.offline(stream('cam2'), { sourceId: 'other' });
    h.clock.advance(HOLD);
    expect(h.notices).toHaveLength(2);
  });

  it('drops the recovery of an incident muted after it was announced', () => {
    const h = harness();
    h.offline(stream('cam1'));
    h.clock.advance(HOLD);
    h.engine.mute({ kind: 'stream', sourceId: 'wms', name: 'cam1' }, null);
    h.online(stream('cam1'));
    expect(h.kinds()).toEqual(['incident-opened']);
  });
});

describe('alert engine: quiet hours', () => {
  const quietHours = { start: '22:00', end: '07:00', utcOffsetMinutes: 0 };

  it('holds notices, records incidents, and summarises when the hours end', () => {
    const h = harness({ quietHours }, Date.UTC(2025, 0, 6, 21, 59, 0));
    h.clock.advanceTo(Date.UTC(2025, 0, 6, 23, 0, 0));
    h.offline(stream('cam1'));
    h.offline(server('edge1'));
    h.clock.advance(30 * MINUTE);
    h.offline(stream('cam2'));
    h.clock.advance(MINUTE);
    h.online(stream('cam1'));
    h.clock.advance(MINUTE);
    expect(h.notices).toHaveLength(0);
    expect(h.engine.openIncidents().map((i) => i.subject.name)).toEqual(['edge1', 'cam2']);

    h.clock.advanceTo(Date.UTC(2025, 0, 7, 6, 59, 59));
    expect(h.notices).toHaveLength(0);
    h.clock.advanceTo(Date.UTC(2025, 0, 7, 7, 0, 0));
    expect(h.kinds()).toEqual(['quiet-hours-summary']);
    const summary = h.notices[0] as Notice;
    expect(summary).toMatchObject({
      severity: 'critical',
      coalesced: true,
      at: Date.UTC(2025, 0, 7, 7, 0, 0),
      message: { opened: 3, resolved: 1, stillDown: 2, sample: ['edge1', 'cam2'], sources: ['wms'] },
    });
    expect(describeNotice(summary, 'en').body).toBe(
      '3 went down, 1 came back; still down: edge1, cam2 (wms)',
    );

    // After the hours, notices flow again.
    h.online(stream('cam2'));
    expect(h.kinds()).toEqual(['quiet-hours-summary', 'incident-resolved']);
  });

  it('lets critical notices through when asked, holding the rest', () => {
    const h = harness(
      { quietHours: { ...quietHours, letCriticalThrough: true } },
      Date.UTC(2025, 0, 6, 23, 0, 0),
    );
    h.offline(server('edge1'));
    h.offline(stream('cam1'), { viewers: 5 });
    h.clock.advance(HOLD);
    expect(h.kinds()).toEqual(['incident-opened']);
    expect(h.notices[0]?.severity).toBe('critical');
  });

  it('sends no summary after quiet hours in which nothing happened', () => {
    const h = harness({ quietHours }, Date.UTC(2025, 0, 6, 23, 0, 0));
    h.clock.advance(24 * 60 * MINUTE);
    expect(h.notices).toHaveLength(0);
  });
});

describe('alert engine: acknowledge', () => {
  it('silences an acknowledged incident until it closes, and the close is still told', () => {
    const h = harness();
    for (let i = 0; i < 5; i += 1) h.offline(stream(`s${i}`));
    h.clock.advance(HOLD);
    expect(h.kinds()).toEqual(['storm-opened']);
    h.offline(stream('late'));
    const late = h.store.findOpen('wms', stream('late'));
    expect(h.engine.acknowledge(late?.id ?? -1)?.acknowledgedAt).toBe(T0 + HOLD);
    h.offline(stream('later'));
    h.clock.advance(MINUTE);
    // The storm grew by one: the acknowledged incident is not announced.
    expect(h.notices[1]?.message).toMatchObject({ kind: 'storm-grew', added: 1, sample: ['later'] });
  });

  it('drops a held notice acknowledged from the dashboard before it went out', () => {
    const h = harness();
    h.offline(stream('cam1'));
    h.engine.acknowledge(1);
    h.clock.advance(MINUTE);
    expect(h.notices).toHaveLength(0);
    expect(h.store.get(1)?.acknowledgedAt).toBe(T0);
  });

  it('still reports the recovery of an acknowledged incident', () => {
    const h = harness();
    h.offline(stream('cam1'));
    h.clock.advance(HOLD);
    h.engine.acknowledge(1);
    h.clock.advance(MINUTE);
    h.online(stream('cam1'));
    expect(h.kinds()).toEqual(['incident-opened', 'incident-resolved']);
  });
});

describe('alert engine: robustness', () => {
  it('keeps working when the notifier throws, and reports it without losing incidents', () => {
    const clock = createManualClock(T0);
    const store = new MemoryIncidentStore();
    const failures: string[] = [];
    const engine = createAlertEngine({
      store,
      clock,
      notifier: {
        notify: () => {
          throw new Error('notification daemon gone');
        },
      },
      onNotifierError: (error, notice) =>
        failures.push(`${notice.message.kind}: ${(error as Error).message}`),
    });
    const base = {
      sourceId: 'wms',
      occurredAt: T0,
      receivedAt: T0,
      origin: 'webhook' as const,
      checkpoints: [] as string[],
    };
    engine.ingest({ ...base, id: 1, subject: stream('cam1'), status: 'offline' });
    clock.advance(HOLD);
    engine.ingest({ ...base, id: 2, subject: stream('cam1'), status: 'online' });
    expect(failures).toEqual([
      'incident-opened: notification daemon gone',
      'incident-resolved: notification daemon gone',
    ]);
    expect(store.list({ open: false })).toHaveLength(1);
  });

  it('refuses a bad policy, naming the field', () => {
    expect(() =>
      createAlertEngine({
        store: new MemoryIncidentStore(),
        clock: createManualClock(),
        notifier: { notify: () => undefined },
        policy: { flapping: { stableMinutes: -1 } },
      }),
    ).toThrow(/alerts\.flapping\.stableMinutes: must be greater than 0/);
  });

  it('leaves no timer behind once disposed', () => {
    const h = harness({ quietHours: { start: '00:00', end: '23:59', utcOffsetMinutes: 0 } });
    for (let i = 0; i < 6; i += 1) h.offline(stream(`s${i}`));
    h.clock.advance(HOLD);
    expect(h.clock.pending()).toBeGreaterThan(0);
    h.engine.dispose();
    expect(h.clock.pending()).toBe(0);
    expect(() => h.offline(stream('x'))).toThrow(/disposed/);
  });
});
