#!/usr/bin/env node
// The `streamtray` command. Streamtray's Node code is TypeScript run directly by Node's type stripping
// (unflagged from Node 22.18 and 23.6); on older supported versions this launcher re-runs itself with the
// flags that enable it and node:sqlite, so `npx streamtray …` works straight after `npm install`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = new URL('../electron/cli/main.ts', import.meta.url);
const supported = Boolean(process.features.typescript) && process.getBuiltinModule?.('node:sqlite') !== undefined;

if (supported) {
  await import(entry.href);
} else {
  const flags = ['--experimental-strip-types', '--experimental-sqlite', '--no-warnings=ExperimentalWarning'];
  const child = spawn(process.execPath, [...flags, fileURLToPath(entry), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
