import { createWebhookSender } from '../webhook-sender/webhook-sender.ts';
import type { DemoWorld } from './demo-world.ts';

// Trouble on a timer, so the demo dashboard shows alerts opening and closing: WMSPanel stream outages
// and recoveries, a media server going offline (closed when one of its streams is seen back online),
// and a pull provider briefly answering 503.

export interface ScenarioStep {
  /** From the scenario's start. */
  atMs: number;
  run(world: DemoWorld, sender: ReturnType<typeof createWebhookSender>): Promise<unknown>;
}

export const DEMO_SERVERS = ['edge-eu1.demo.example', 'edge-us1.demo.example'] as const;

function stream(server: string, name: string): string {
  return `rtmp://${server}/live/${name}`;
}

const [EU, US] = DEMO_SERVERS;

/** One round of the scenario (it repeats): outages, recoveries, a server down and back. */
export const DEMO_SCENARIO: readonly ScenarioStep[] = [
  { atMs: 2_000, run: (_w, s) => s.streamEvent({ stream: stream(EU, 'keynote'), status: 'offline' }) },
  { atMs: 20_000, run: (_w, s) => s.streamEvent({ stream: stream(US, 'lobby-cam'), status: 'offline' }) },
  { atMs: 45_000, run: (_w, s) => s.streamEvent({ stream: stream(EU, 'keynote'), status: 'online' }) },
  { atMs: 70_000, run: (_w, s) => s.serverOffline({ server: US }) },
  { atMs: 90_000, run: (w) => Promise.resolve(w.scaleengine.faults.push({ kind: 'status', status: 503 }, 4)) },
  { atMs: 120_000, run: (_w, s) => s.streamEvent({ stream: stream(US, 'lobby-cam'), status: 'online' }) },
  { atMs: 150_000, run: (_w, s) => s.streamEvent({ stream: stream(EU, 'workshop-b'), status: 'offline' }) },
  { atMs: 200_000, run: (_w, s) => s.streamEvent({ stream: stream(EU, 'workshop-b'), status: 'online' }) },
];
export const DEMO_ROUND_MS = 240_000;

export interface ScenarioRunner {
  stop(): void;
}

/** Plays the scenario against the webhook URL, round after round, until stopped. */
export function runDemoScenario(
  world: DemoWorld,
  webhookUrl: string,
  options: { onError?: (error: unknown) => void; steps?: readonly ScenarioStep[]; roundMs?: number } = {},
): ScenarioRunner {
  const sender = createWebhookSender({ url: webhookUrl, token: world.webhookToken });
  const steps = options.steps ?? DEMO_SCENARIO;
  const roundMs = options.roundMs ?? DEMO_ROUND_MS;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;
  function round(startedAt: number): void {
    for (const step of steps) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) step.run(world, sender).catch((error: unknown) => options.onError?.(error));
      }, Math.max(0, startedAt + step.atMs - Date.now()));
      timers.add(timer);
    }
    const next = setTimeout(() => {
      timers.delete(next);
      if (!stopped) round(startedAt + roundMs);
    }, Math.max(0, startedAt + roundMs - Date.now()));
    timers.add(next);
  }
  round(Date.now());
  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
