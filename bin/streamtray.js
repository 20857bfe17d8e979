#!/usr/bin/env node
// The `streamtray` command. It runs dist/cli/main.js, the bundle `npm install` builds, when that is at
// least as new as every source file; otherwise (a checkout being edited) the TypeScript sources directly,
// through Node's type stripping (unflagged from Node 22.18 and 23.6). On older supported versions it
// re-runs itself with the flags that enable stripping and node:sqlite.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `serve` and `demo` run for days. V8 lets the young generation grow to 16 MB semispaces after a burst of
// allocation (a poll of thousands of streams) and keeps them: tens of MB resident for a heap that uses
// about 30. Capped at 4 MB, scavenges run more often at a cost that is noise at these rates. V8 reads
// heap sizes only at start-up, so the process replaces itself with one started with the flag: same pid,
// same stdio, nothing left behind. (Where execve is missing, Windows, it runs uncapped.)
const LONG_RUNNING = ['serve', 'demo'];
const SEMI_SPACE_FLAG = '--max-semi-space-size=4';
const longRunning = process.argv.slice(2).some((arg) => LONG_RUNNING.includes(arg));
const semiSpaceSet = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) =>
  flag.startsWith('--max-semi-space-size'),
);
if (longRunning && !semiSpaceSet && typeof process.execve === 'function') {
  process.execve(process.execPath, [process.execPath, SEMI_SPACE_FLAG, ...process.execArgv, ...process.argv.slice(1)]);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/cli/main.js`;
const source = `${root}electron/cli/main.ts`;

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['electron', 'shared']) walk(`${root}${dir}`);
  return newest;
}

function bundleIsCurrent() {
  try {
    return statSync(bundle).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

const sqlite = process.getBuiltinModule?.('node:sqlite') !== undefined;
if (sqlite && bundleIsCurrent()) {
  const { runAsProgram } = await import(bundle);
  await runAsProgram();
} else if (sqlite && process.features.typescript) {
  const { runAsProgram } = await import(source);
  await runAsProgram();
} else {
  const flags = ['--experimental-strip-types', '--experimental-sqlite', '--no-warnings=ExperimentalWarning'];
  if (longRunning && !semiSpaceSet) flags.push(SEMI_SPACE_FLAG);
  const child = spawn(process.execPath, [...flags, source, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
