import { describe, expect, it } from 'vitest';
import { alertPolicySchema } from '../../../../shared/alert-policy.ts';
import type { AlertSettings } from '../../../../shared/bridge.ts';
import { detectorConfigSchema } from '../../../../shared/detector-config.ts';
import { formFromSettings, formToSettings } from '../../../../renderer/logic/alert-rules-form.ts';

const defaults: AlertSettings = {
  alerts: alertPolicySchema.parse({ holdSeconds: 5 }),
  detectors: detectorConfigSchema.parse({}),
};

describe('the alert rules form', () => {
  it('saves what it loaded unchanged, keeping the knobs it does not show', () => {
    const result = formToSettings(formFromSettings(defaults, ['pili']), defaults);
    expect(result).toEqual({ ok: true, settings: defaults });
  });

  it('turns on quiet hours in a zone and sets a bandwidth cap typed in Mbps', () => {
    const form = {
      ...formFromSettings(defaults, ['pili', 'wms']),
      quietEnabled: true,
      quietStart: '23:30',
      quietEnd: '06:00',
      quietTimeZone: 'Asia/Shanghai',
    };
    form.capsMbps = { ...form.capsMbps, pili: '2,500' };
    const result = formToSettings(form, defaults);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.alerts.quietHours).toEqual({
      start: '23:30',
      end: '06:00',
      timeZone: 'Asia/Shanghai',
      letCriticalThrough: true,
    });
    expect(result.settings.detectors.bandwidthCapsBps).toEqual({ pili: 2_500_000_000 });
  });

  it('shows a cap that is set already in Mbps, and removes it when emptied', () => {
    const capped = {
      ...defaults,
      detectors: { ...defaults.detectors, bandwidthCapsBps: { pili: 800_000_000 } },
    };
    const form = formFromSettings(capped, ['pili']);
    expect(form.capsMbps).toEqual({ pili: '800' });
    const result = formToSettings({ ...form, capsMbps: { pili: '' } }, capped);
    expect(result.ok && result.settings.detectors.bandwidthCapsBps).toEqual({});
  });

  it('refuses bad values naming the field each belongs to', () => {
    const form = {
      ...formFromSettings(defaults, ['pili']),
      quietEnabled: true,
      quietStart: '7pm',
      stormMoreThan: 'many',
      cliffDropPercent: '150',
    };
    form.capsMbps = { pili: '-3' };
    const result = formToSettings(form, defaults);
    expect(result).toEqual({
      ok: false,
      errors: {
        'alerts.quietHours.start': { key: 'validation.time' },
        'alerts.storm.moreThan': { key: 'validation.number' },
        'detectors.viewerCliff.dropPercent': { key: 'validation.max', params: { max: 100 } },
        'detectors.bandwidthCapsBps.pili': { key: 'validation.above', params: { min: 0 } },
      },
    });
  });
});
