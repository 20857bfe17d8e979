import { describe, expect, it } from 'vitest';
import { dailyReportSchema } from '../../../../shared/daily-report.ts';
import { createReportHandlers } from '../../../../electron/core/bridge/report-handlers.ts';
import { invokeBridge } from '../../../../electron/core/bridge/invoke-bridge.ts';
import { validateConfigDocument } from '../../../../electron/core/config/config-file.ts';
import { providerReportFetchers } from '../../../../electron/core/reports/report-fetchers.ts';
import { MemorySecretStore } from '../../../../electron/core/secrets/memory-secret-store.ts';
import { SecretVault } from '../../../../electron/core/secrets/secret-vault.ts';
import { CREDENTIALS, simulatorConfig } from '../../../helpers/cli-simulators.ts';
import { useSimulators } from '../../../helpers/use-simulators.ts';
import { fakeHandlers } from '../dashboard/fake-bridge.ts';

const simulators = useSimulators();

function handlers() {
  const config = validateConfigDocument('config.json', simulatorConfig(simulators()));
  const vault = new SecretVault(
    new MemorySecretStore([
      ['pili:api', CREDENTIALS.pili.secretKey],
      ['se:api', CREDENTIALS.se.secretKey],
      ['wms:api', CREDENTIALS.wms.apiKey],
    ]),
    {},
  );
  const fetchers = providerReportFetchers(vault, () => ({ timeoutMs: 5_000 }));
  return fakeHandlers(
    createReportHandlers({ sources: () => config.sources, fetchers, now: () => Date.now() }),
  );
}

const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);

describe('the dailyReport Bridge query', () => {
  it('answers every source’s rows from the simulators, sorted by date then source, in the contract’s shape', async () => {
    const outcome = await invokeBridge(handlers(), 'dailyReport', { from: weekAgo, to: yesterday });
    expect(outcome.ok).toBe(true);
    const report = dailyReportSchema.parse(outcome.ok ? outcome.value : null);
    expect(report.sources.map((source) => [source.id, source.error])).toEqual([
      ['pili', null],
      ['se', null],
      ['wms', null],
    ]);
    // Qiniu and ScaleEngine have every day of the week; WMSPanel's simulator some of them.
    expect(report.rows.filter((row) => row.source === 'pili')).toHaveLength(7);
    expect(report.rows.filter((row) => row.source === 'se')).toHaveLength(7);
    const keys = report.rows.map((row) => `${row.date} ${row.source}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('answers one source when asked for it', async () => {
    const outcome = await invokeBridge(handlers(), 'dailyReport', {
      source: 'se',
      from: yesterday,
      to: yesterday,
    });
    const report = dailyReportSchema.parse(outcome.ok ? outcome.value : null);
    expect(report.rows).toEqual([
      expect.objectContaining({
        date: yesterday,
        source: 'se',
        peak_bandwidth_bps: null,
        traffic_bytes: null,
      }),
    ]);
  });

  it('refuses a date that is not a calendar date, naming the field', async () => {
    const outcome = await invokeBridge(handlers(), 'dailyReport', { from: '2026-02-30', to: yesterday });
    expect(outcome).toMatchObject({ ok: false, status: 400, error: { kind: 'invalid-request' } });
    expect(outcome.ok ? '' : outcome.error.message).toContain('from');
  });

  it('refuses an unknown source as a config error', async () => {
    const outcome = await invokeBridge(handlers(), 'dailyReport', {
      source: 'nope',
      from: weekAgo,
      to: yesterday,
    });
    expect(outcome).toMatchObject({ ok: false, status: 400, error: { kind: 'config' } });
  });
});
