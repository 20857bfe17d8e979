// A regional outage reaching the on-call: 5,000 streams of one source going offline over 10 s, through the
// alert engine into three webhook contact points with local receivers. Each point must get a handful of
// messages (the storm summary and its growth), not 5,000.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlertEngine } from '../../electron/core/alerts/alert-engine.ts';
import { MemoryIncidentStore } from '../../electron/core/alerts/memory-incident-store.ts';
import { createManualClock, realClock } from '../../electron/core/clock.ts';
import { benchContactPoints, startReceiver, webhookPointsConfig } from '../helpers/bench-contact-points.ts';
import type { BenchResult } from './bench-result.ts';
import { STORM_EVENTS, STORM_START, stormEvent } from './storm-events.ts';

const POINTS = ['oncall', 'chat', 'pager'] as const;

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'streamtray-bench-points-'));
  const receivers = await Promise.all(POINTS.map(() => startReceiver()));
  try {
    const config = webhookPointsConfig(Object.fromEntries(POINTS.map((id, i) => [id, receivers[i]?.url ?? ''])));
    const store = new MemoryIncidentStore();
    // The engine's windows run on a manual clock (10 s of outage in a blink); deliveries on the real one.
    const clock = createManualClock(STORM_START);
    const points = benchContactPoints({
      dataDir: dir,
      config,
      clock: realClock,
      incident: (id) => store.get(id),
      openIncidents: () => store.list({ open: true }),
    });
    let notices = 0;
    const engine = createAlertEngine({
      store,
      clock,
      notifier: {
        notify: (notice) => {
          notices += 1;
          points.notify(notice, false);
        },
      },
    });
    for (let i = 0; i < STORM_EVENTS; i += 1) engine.ingest(stormEvent(clock, i));
    clock.advance(10 * 60_000);
    // Every message committed to the outbox has gone out once nothing is pending at any point.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await points.views()).some((view) => view.pending > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    engine.dispose();
    await points.close();
    const perPoint = receivers.map((receiver) => receiver.received());
    const most = Math.max(...perPoint);
    return [
      {
        name: 'Alert storm to contact points: 5,000 offline events over 10 s, messages per point',
        value: most,
        unit: 'messages',
        target: '≤ 3',
        pass: most <= 3 && perPoint.every((count) => count >= 1),
        detail: `${POINTS.map((id, i) => `${id} ${perPoint[i] ?? 0}`).join(', ')}; ${notices} engine notices`,
      },
    ];
  } finally {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}
