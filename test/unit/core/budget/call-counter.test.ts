import { chmod } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../../shared/config.ts';
import { openCallCounter } from '../../../../electron/core/budget/call-counter.ts';
import { createManualClock } from '../../../../electron/core/clock.ts';
import type { HttpClient } from '../../../../electron/core/http/http-client.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const ok: HttpClient = () => Promise.resolve({ status: 200, headers: new Headers(), text: '{}' });
const failing: HttpClient = () => Promise.reject(new Error('refused'));
const request = { method: 'GET' as const, url: new URL('http://127.0.0.1/') };
const wms: SourceConfig = { id: 'wms', provider: 'wmspanel', clientId: 'client-1' };
const wmsSameAccount: SourceConfig = {
  id: 'wms-2',
  provider: 'wmspanel',
  clientId: 'client-1',
  server: 'edge',
};
const se: SourceConfig = { id: 'se', provider: 'scaleengine', apiKey: 'pk', cdnId: 1, apps: ['a'] };
const pili: SourceConfig = { id: 'pili', provider: 'qiniu', accessKey: 'ak', hub: 'h' };
const noLog = () => undefined;

describe('provider call counter', () => {
  it('counts every call per account, failures too, and starts again each UTC day', async () => {
    const clock = createManualClock(Date.UTC(2025, 0, 6, 23, 59, 0));
    const counter = openCallCounter(await tempDir(), clock, noLog);
    await counter.wrap(wms, ok)(request, { timeoutMs: 1 });
    await counter.wrap(wmsSameAccount, ok)(request, { timeoutMs: 1 });
    await expect(counter.wrap(se, failing)(request, { timeoutMs: 1 })).rejects.toThrow('refused');
    // Two sources on one WMSPanel account spend one budget.
    expect([wms, wmsSameAccount, se, pili].map((s) => counter.callsToday(s))).toEqual([2, 2, 1, 0]);
    clock.advance(60_000);
    expect(counter.callsToday(wms)).toBe(0);
    await counter.wrap(wms, ok)(request, { timeoutMs: 1 });
    expect(counter.callsToday(wms)).toBe(1);
    counter.close();
  });

  it('survives a restart and adds up the calls of every process on the data dir', async () => {
    const dir = await tempDir();
    const clock = createManualClock();
    const serve = openCallCounter(dir, clock, noLog);
    const check = openCallCounter(dir, clock, noLog);
    await serve.wrap(wms, ok)(request, { timeoutMs: 1 });
    await check.wrap(wms, ok)(request, { timeoutMs: 1 });
    await check.wrap(wms, ok)(request, { timeoutMs: 1 });
    expect(serve.callsToday(wms)).toBe(3);
    serve.close();
    check.close();
    const restarted = openCallCounter(dir, clock, noLog);
    expect(restarted.callsToday(wms)).toBe(3);
    restarted.close();
  });

  it('still counts this run, and says so once, when the data dir cannot hold the file', async () => {
    const dir = await tempDir();
    await chmod(dir, 0o500);
    const said: string[] = [];
    try {
      const counter = openCallCounter(dir, createManualClock(), (line) => said.push(line));
      await counter.wrap(pili, ok)(request, { timeoutMs: 1 });
      expect(counter.callsToday(pili)).toBe(1);
      counter.close();
    } finally {
      await chmod(dir, 0o700);
    }
    // Root ignores directory permissions: then the file opens and nothing needs saying.
    if (process.getuid?.() !== 0) expect(said).toEqual([expect.stringContaining('counting this run only')]);
  });
});
