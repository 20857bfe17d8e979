// Qiniu live answer: parse + validate + normalize through the client's real poll() path (signing
// included, network replaced by memory), against a bare JSON.parse of the same 2,000-stream body.
import type { HttpClient } from '../../electron/core/http/http-client.ts';
import { QiniuClient } from '../../electron/core/providers/qiniu/qiniu-client.ts';
import { unitHash } from '../../electron/simulators/common/audience.ts';
import { liveAt } from '../../electron/simulators/qiniu/qiniu-data.ts';
import type { BenchResult } from './bench-result.ts';

const STREAMS = 2000;
const ROUNDS = 40;
const BATCH = 25;
const TARGET = 3;

/** A realistic body: Pili-style hex keys in no particular order, figures from the audience model. */
function liveBody(): string {
  const seed = 'bench';
  const names = Array.from({ length: Math.ceil(STREAMS * 1.4) }, (_, i) =>
    [0, 1, 2]
      .map((part) =>
        Math.floor(unitHash(seed, i, part) * 2 ** 32)
          .toString(16)
          .padStart(8, '0'),
      )
      .join(''),
  );
  const live = liveAt({ seed, streams: names }, Date.UTC(2026, 10, 23, 20, 0));
  const entries = Object.entries(live.streams).slice(0, STREAMS);
  if (entries.length < STREAMS) throw new Error('the audience model put too few streams on air');
  const total = entries.reduce(
    (sum, [, s]) => ({ count: sum.count + s.count, bandwidth: sum.bandwidth + s.bandwidth }),
    {
      count: 0,
      bandwidth: 0,
    },
  );
  return JSON.stringify({ total, streams: Object.fromEntries(entries) });
}

async function timeBatch(work: () => unknown): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i += 1) await work();
  return Number(process.hrtime.bigint() - started) / BATCH / 1e3;
}

export async function run(): Promise<BenchResult[]> {
  const text = liveBody();
  const http: HttpClient = () => Promise.resolve({ status: 200, headers: new Headers(), text });
  const client = new QiniuClient({ sourceId: 'bench', accessKey: 'ak', secretKey: 'sk', hub: 'bench', http });
  const bare = () => JSON.parse(text) as unknown;
  const full = () => client.poll();

  const check = await client.poll();
  if (check.streams.length !== STREAMS)
    throw new Error(`expected ${STREAMS} streams, got ${check.streams.length}`);

  for (let i = 0; i < 10; i += 1) {
    await timeBatch(bare);
    await timeBatch(full);
  }
  // Interleaved rounds, best of each: other load on the machine only ever makes a batch slower.
  let bestBare = Number.POSITIVE_INFINITY;
  let bestFull = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round += 1) {
    bestBare = Math.min(bestBare, await timeBatch(bare));
    bestFull = Math.min(bestFull, await timeBatch(full));
  }
  const ratio = bestFull / bestBare;
  return [
    {
      name: `Qiniu live poll (parse + validate + normalize), ${STREAMS.toLocaleString('en')} streams, vs JSON.parse`,
      value: Number(ratio.toFixed(2)),
      unit: '×',
      target: `≤ ${TARGET}×`,
      pass: ratio <= TARGET,
      detail: `${bestFull.toFixed(0)} µs vs ${bestBare.toFixed(0)} µs, ${(text.length / 1024).toFixed(0)} KiB body, best of ${ROUNDS} × ${BATCH}`,
    },
  ];
}
