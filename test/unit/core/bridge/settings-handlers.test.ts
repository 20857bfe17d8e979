import { describe, expect, it } from 'vitest';
import { alertPolicySchema } from '../../../../shared/alert-policy.ts';
import type { Config } from '../../../../shared/config.ts';
import { detectorConfigSchema } from '../../../../shared/detector-config.ts';
import { createSettingsHandlers } from '../../../../electron/core/bridge/settings-handlers.ts';

function setUp() {
  let config = {
    sources: [],
    alerts: alertPolicySchema.parse({}),
    detectors: detectorConfigSchema.parse({}),
  } as unknown as Config;
  const written: Config[] = [];
  const handlers = createSettingsHandlers({
    config: () => config,
    updateConfig: (mutate) => {
      config = mutate(config);
      written.push(config);
      return Promise.resolve(config);
    },
  });
  return { handlers, written, current: () => config };
}

describe('alert rules in settings', () => {
  it('saves a changed alerts section and leaves the detectors as they were', async () => {
    const { handlers, current } = setUp();
    const alerts = alertPolicySchema.parse({
      quietHours: { start: '23:00', end: '07:00' },
      storm: { moreThan: 5 },
    });
    const saved = await handlers.saveAlertSettings({ alerts });
    expect(saved.alerts.storm.moreThan).toBe(5);
    expect(current().alerts.quietHours?.start).toBe('23:00');
    expect(current().detectors).toEqual(detectorConfigSchema.parse({}));
  });

  it('shows what the config holds now', async () => {
    const { handlers } = setUp();
    await handlers.saveAlertSettings({
      detectors: detectorConfigSchema.parse({ bandwidthCapsBps: { pili: 2e9 } }),
    });
    expect((await handlers.alertSettings({})).detectors.bandwidthCapsBps).toEqual({ pili: 2e9 });
  });
});
