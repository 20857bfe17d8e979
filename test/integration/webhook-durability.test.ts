import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAlertLog } from '../../electron/core/store/alert-log.ts';
import { killHard, spawnListenerChild } from '../helpers/webhook-child-process.ts';
import { signedStreamBody, SOURCE } from '../helpers/webhook-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'streamtray-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deliver(port: number, agent: Agent, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/webhooks/${SOURCE}`,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    // The kill cuts connections: such deliveries got no answer and promise nothing.
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

describe('alert log durability', () => {
  it('keeps every delivery answered 2xx when the listener is SIGKILLed mid-burst, 20 times', async () => {
    const acknowledged = new Set<string>();
    let sequence = 0;
    for (let round = 0; round < 20; round += 1) {
      const { child, port } = await spawnListenerChild('webhook-listener-child.ts', [dir]);
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      // Kill after a varying number of acknowledgements, while more deliveries are in flight.
      const killAfter = 20 + ((round * 37) % 120);
      let acked = 0;
      let cut = 0;
      let killing: Promise<void> | undefined;
      const burst = Array.from({ length: 400 }, async () => {
        const stream = `rtmp://example.com/live/r${round}-${(sequence += 1)}`;
        const status = await deliver(port, agent, signedStreamBody(Date.now(), stream));
        if (status === 204) {
          acknowledged.add(stream);
          acked += 1;
          if (acked === killAfter) killing = killHard(child);
        } else {
          expect(status, 'only a killed connection may fail').toBe(0);
          cut += 1;
        }
      });
      await Promise.all(burst);
      await (killing ?? killHard(child));
      agent.destroy();

      // The restart: SQLite recovers the WAL on open.
      const log = openAlertLog(dir);
      try {
        expect(log.integrityCheck()).toBe('ok');
        const stored = new Set(log.list().map((e) => e.subject.name));
        const missing = [...acknowledged].filter((name) => !stored.has(name));
        expect(missing, `round ${round}: acknowledged but not in the log`).toEqual([]);
      } finally {
        log.close();
      }
      expect(acked).toBeGreaterThanOrEqual(killAfter);
      expect(cut, 'the kill must land mid-burst').toBeGreaterThan(0);
    }
  }, 180_000);
});
