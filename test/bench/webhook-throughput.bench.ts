// Accepted webhook deliveries per second (digest check + durable commit + alert engine) against a bare
// node:http handler that only reads the body and answers 204, both in child processes on this machine,
// driven by autocannon from this process: 10 connections, no pipelining, every request a distinct event
// (a new stream going offline: each one opens an incident, the engine's heaviest case). The same listener
// without the engine is measured too, to show how the cost splits between the log and the engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAlertLog } from '../../electron/core/store/alert-log.ts';
import { killHard, spawnListenerChild } from '../helpers/webhook-child-process.ts';
import { runAutocannon, type AutocannonResult } from '../helpers/webhook-autocannon.ts';
import { signedStreamBody, SOURCE } from '../helpers/webhook-harness.ts';
import type { BenchResult } from './bench-result.ts';

const SECONDS = 2;
/**
 * Bare and listener runs alternate, best of each kept: other load on the machine hits both alike. On the
 * shared 2-core machines here a round's rate swings by a third from one minute to the next, for the bare
 * handler too; five rounds make it likely that each side gets at least one quiet one.
 */
const ROUNDS = 5;

async function load(port: number, label: string, seconds: number): Promise<AutocannonResult> {
  let counter = 0;
  return runAutocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 10,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: `/webhooks/${SOURCE}`,
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({
          ...request,
          body: signedStreamBody(Date.now(), `rtmp://bench.example.com/${label}/s${(counter += 1)}`),
        }),
      },
    ],
  });
}

function best(results: readonly AutocannonResult[]): AutocannonResult {
  return results.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'streamtray-bench-webhook-'));
  try {
    const logOnlyDir = mkdtempSync(join(tmpdir(), 'streamtray-bench-webhook-log-'));
    const bareChild = await spawnListenerChild('webhook-bare-child.ts', []);
    const listenerChild = await spawnListenerChild('webhook-listener-child.ts', [dir]);
    const logOnlyChild = await spawnListenerChild('webhook-listener-child.ts', [logOnlyDir, '--no-engine']);
    await load(bareChild.port, 'bare-warmup', 1);
    await load(listenerChild.port, 'listener-warmup', 1);
    await load(logOnlyChild.port, 'log-warmup', 1);
    const bareRuns: AutocannonResult[] = [];
    const listenerRuns: AutocannonResult[] = [];
    const logOnlyRuns: AutocannonResult[] = [];
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        bareRuns.push(await load(bareChild.port, `bare-${round}`, SECONDS));
        listenerRuns.push(await load(listenerChild.port, `listener-${round}`, SECONDS));
        logOnlyRuns.push(await load(logOnlyChild.port, `log-${round}`, SECONDS));
      }
    } finally {
      await killHard(bareChild.child);
      await killHard(listenerChild.child);
      await killHard(logOnlyChild.child);
      rmSync(logOnlyDir, { recursive: true, force: true });
    }
    const bare = best(bareRuns);
    const listener = best(listenerRuns);
    const logOnly = best(logOnlyRuns);

    const log = openAlertLog(dir);
    const stored = log.list().length;
    log.close();

    const ratio = listener.requests.average / bare.requests.average;
    const failures = listener.non2xx + listener.errors + listener.timeouts;
    return [
      {
        name: 'Webhook deliveries/s accepted (digest + commit + alert engine) vs bare node:http (10 connections)',
        value: Math.round(ratio * 100),
        unit: '%',
        target: '≥ 60%',
        pass: ratio >= 0.6 && failures === 0,
        detail: `${Math.round(listener.requests.average)}/s vs ${Math.round(bare.requests.average)}/s; ${stored} events stored; ${failures} failed`,
      },
      {
        name: 'The same without the alert engine (digest + group commit only), vs the same bare handler',
        value: Math.round((logOnly.requests.average / bare.requests.average) * 100),
        unit: '%',
        detail: `${Math.round(logOnly.requests.average)}/s; ${logOnly.non2xx + logOnly.errors + logOnly.timeouts} failed; p99 ${logOnly.latency.p99} ms`,
      },
      {
        name: 'Webhook listener p99 latency',
        value: listener.latency.p99,
        unit: 'ms',
        target: '≤ 5 ms',
        pass: listener.latency.p99 <= 5,
        detail: `p50 ${listener.latency.p50} ms; bare p99 ${bare.latency.p99} ms`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
