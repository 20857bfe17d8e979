import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountOf } from '../../electron/core/budget/call-counter.ts';
import { openCallLog } from '../../electron/core/budget/call-log.ts';
import { validateConfigDocument } from '../../electron/core/config/config-file.ts';
import { ConfigStore } from '../../electron/core/config/config-store.ts';
import { startCore } from '../../electron/core/runtime/core.ts';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.ts';
import { SecretVault } from '../../electron/core/secrets/secret-vault.ts';
import { SECRET_ENV, simulatorConfig, startSimulators, type Simulators } from '../helpers/cli-simulators.ts';

// A WMSPanel account close to its daily call budget: the poller slows that source down so the day ends
// under the budget, and the snapshot says so.

let sims: Simulators;
let dir: string;

beforeAll(async () => {
  sims = await startSimulators();
  dir = await mkdtemp(join(os.tmpdir(), 'streamtray-budget-'));
});
afterAll(async () => {
  await sims.close();
  await rm(dir, { recursive: true, force: true });
});

describe('WMSPanel daily call budget', () => {
  it('stretches the poll interval when the day would end over budget, counting calls made before the start', async () => {
    const base = simulatorConfig(sims);
    const wms = base.sources.find((source) => source['id'] === 'wms');
    const document = { sources: [{ ...wms, dailyCallBudget: 100 }], pollIntervalSeconds: 5 };
    const configPath = join(dir, 'config.json');
    await writeFile(configPath, JSON.stringify(document));
    const config = validateConfigDocument(configPath, document);
    const source = config.sources[0];
    if (!source) throw new Error('no source');
    // Earlier today another Streamtray (or `check`) spent 95 of the 100 calls.
    const earlier = openCallLog(dir);
    for (let call = 0; call < 95; call += 1) earlier.add(accountOf(source), Date.now());
    earlier.close();

    const core = await startCore({
      config,
      configStore: new ConfigStore(configPath),
      vault: new SecretVault(new MemorySecretStore(), SECRET_ENV),
      dataDir: dir,
      watchConfig: false,
      log: () => undefined,
    });
    try {
      const deadline = Date.now() + 10_000;
      let snapshot = core.snapshot();
      while (snapshot.sources[0]?.lastSuccessAt === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        snapshot = core.snapshot();
      }
      const [wmsSnapshot] = snapshot.sources;
      expect(wmsSnapshot?.callsToday).toBe(96);
      expect(wmsSnapshot?.callBudget).toMatchObject({ limit: 100, stretched: true });
      // Four calls left until 00:00 UTC at one call a poll: at least a quarter of what is left of the day.
      const msLeft = 86_400_000 - (Date.now() % 86_400_000);
      expect(wmsSnapshot?.callBudget?.intervalMs).toBeGreaterThanOrEqual(Math.floor(msLeft / 4) - 60_000);
    } finally {
      await core.stop();
    }
  });
});
