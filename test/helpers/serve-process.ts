import { spawn } from 'node:child_process';
import { CLI_BIN } from './run-cli.ts';

// `streamtray serve` as an operator runs it: a real process on free ports, stopped with SIGTERM.

export interface ServeProcess {
  /** `http://127.0.0.1:<port>` of the dashboard listener (where /metrics is). */
  dashboardOrigin: string;
  output(): string;
  stop(): Promise<number | null>;
}

export async function startServe(options: {
  configPath: string;
  dataDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [
      CLI_BIN,
      'serve',
      '--config',
      options.configPath,
      '--data-dir',
      options.dataDir,
      '--port',
      '0',
      '--webhook-port',
      '0',
    ],
    { env: { PATH: process.env['PATH'] ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = () => `${out}${err}`;
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const origin = /Dashboard: (http:\/\/\S+?)\/\n/.exec(out)?.[1];
    if (origin !== undefined && out.includes('Running;')) return { dashboardOrigin: origin, output, stop };
    if (child.exitCode !== null)
      throw new Error(`streamtray serve exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`streamtray serve did not start in time:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
