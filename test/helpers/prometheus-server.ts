import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

// Debian's real Prometheus and promtool, started by the tests that show Streamtray's /metrics is what a
// real Prometheus scrapes and stores. Nothing here is faked: a missing binary fails the test and says
// which package to install.

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';

export function requireBinary(path: string): void {
  if (!existsSync(path))
    throw new Error(`${path} is missing: install Debian's "prometheus" package (apt-get install prometheus)`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface PromtoolResult {
  code: number | null;
  output: string;
}

/** `promtool check metrics`, reading the exposition on stdin as its documentation says. */
export function promtoolCheckMetrics(exposition: string): Promise<PromtoolResult> {
  requireBinary(PROMTOOL_BIN);
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL_BIN, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(exposition);
  });
}

const vectorAnswer = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(
      z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) }),
    ),
  }),
});
export type VectorResult = z.infer<typeof vectorAnswer>['data']['result'];

export interface PrometheusServer {
  origin: string;
  /** An instant query through the HTTP API (`GET /api/v1/query`). */
  query(promql: string): Promise<VectorResult>;
  /** What Prometheus printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

async function waitReady(origin: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${origin}/-/ready`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`prometheus did not become ready within 30 s:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts Prometheus on a free loopback port, scraping `target` (host:port) every second. */
export async function startPrometheus(target: {
  host: string;
  port: number;
  job: string;
}): Promise<PrometheusServer> {
  requireBinary(PROMETHEUS_BIN);
  const dir = await mkdtemp(join(os.tmpdir(), 'streamtray-prometheus-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    `  - job_name: ${target.job}`,
    '    scrape_interval: 1s',
    '    scrape_timeout: 1s',
    '    static_configs:',
    `      - targets: ['${target.host}:${target.port}']`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(origin, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    origin,
    log: () => output,
    async query(promql) {
      const response = await fetch(
        `${origin}/api/v1/query?${new URLSearchParams({ query: promql }).toString()}`,
      );
      const text = await response.text();
      if (!response.ok) throw new Error(`prometheus answered HTTP ${response.status} to ${promql}: ${text}`);
      return vectorAnswer.parse(JSON.parse(text)).data.result;
    },
    stop,
  };
}
