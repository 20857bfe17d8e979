// The time an operator waits for `streamtray check` over the three simulators (WMSPanel, ScaleEngine,
// Qiniu), as the command itself: a fresh process each time, the bundle when it is current.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SECRET_ENV, simulatorConfig, startSimulators } from '../helpers/cli-simulators.ts';
import type { BenchResult } from './bench-result.ts';

const exec = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/streamtray.js', import.meta.url));
const RUNS = 9;

export async function run(): Promise<BenchResult[]> {
  const sims = await startSimulators();
  const dir = await mkdtemp(join(os.tmpdir(), 'streamtray-check-bench-'));
  try {
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify(simulatorConfig(sims)));
    const env = { ...process.env, ...SECRET_ENV };
    const times: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      const { stdout } = await exec(process.execPath, [BIN, 'check', '--json', '--config', config], { env });
      times.push(performance.now() - started);
      const report = JSON.parse(stdout) as { sources: { ok: boolean }[] };
      if (!report.sources.every((source) => source.ok)) throw new Error(`check failed: ${stdout}`);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
    return [
      {
        name: '`streamtray check --json` over the three simulators, whole command',
        value: Math.round(median),
        unit: 'ms (median)',
        detail: `${RUNS} runs, ${Math.round(times[0] ?? 0)}–${Math.round(times.at(-1) ?? 0)} ms`,
      },
    ];
  } finally {
    await sims.close();
    await rm(dir, { recursive: true, force: true });
  }
}
