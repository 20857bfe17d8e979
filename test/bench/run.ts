// `npm run bench`: runs every benchmark module in this folder, prints the results and appends them to
// BENCHMARKS.md with the machine and the date. Each module exports `run(): Promise<BenchResult[]>`.
import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './bench-result.ts';

const here = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  process.stdout.write(`running ${file} …\n`);
  const module = (await import(join(here, file))) as { run: () => Promise<BenchResult[]> };
  for (const result of await module.run()) {
    results.push(result);
    const verdict = result.pass === undefined ? '' : result.pass ? '  PASS' : '  MISS';
    process.stdout.write(`  ${result.name}: ${result.value} ${result.unit}${result.target ? ` (target ${result.target})` : ''}${verdict}\n`);
  }
}

const target = join(here, '..', '..', 'BENCHMARKS.md');
if (!existsSync(target)) {
  writeFileSync(target, '# Benchmarks\n\nAppended by `npm run bench`; newest run last.\n');
}
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '',
  `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`,
  '',
  '| benchmark | result | target | met |',
  '| --- | --- | --- | --- |',
  ...results.map(
    (r) =>
      `| ${r.name} | ${r.value} ${r.unit}${r.detail ? ` (${r.detail})` : ''} | ${r.target ?? '—'} | ${r.pass === undefined ? '—' : r.pass ? 'yes' : '**no**'} |`,
  ),
];
appendFileSync(target, `${lines.join('\n')}\n`);
process.stdout.write(`results appended to BENCHMARKS.md\n`);
if (results.some((r) => r.pass === false)) process.exitCode = 1;
