#!/usr/bin/env node
// The `streamtray` command. It runs dist/cli/main.js, the bundle `npm install` builds, when that is at
// least as new as every source file; otherwise (a checkout being edited) the TypeScript sources directly,
// through Node's type stripping (unflagged from Node 22.18 and 23.6). On older supported versions it
// re-runs itself with the flags that enable stripping and node:sqlite.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
  const child = spawn(process.execPath, [...flags, source, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
