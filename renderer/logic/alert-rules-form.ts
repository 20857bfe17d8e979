import { z } from 'zod';
import { alertPolicySchema } from '../../shared/alert-policy.ts';
import type { AlertSettings } from '../../shared/bridge.ts';
import { detectorConfigSchema } from '../../shared/detector-config.ts';
import { PARSE_PARAMS } from '../../shared/schema-errors.ts';
import { fieldErrorsOf, type FieldErrors } from './field-errors.ts';

// The alert-rules form: every knob as typed text, validated by the schemas the core applies, so a bad
// value is refused beside its field before anything is sent. Knobs the form does not show (hold time,
// storm update pace, fixed UTC offsets) are kept as they were.

export interface AlertRulesForm {
  quietEnabled: boolean;
  quietStart: string;
  quietEnd: string;
  quietTimeZone: string;
  quietLetCritical: boolean;
  stormMoreThan: string;
  stormWindowSeconds: string;
  flappingMoreThan: string;
  flappingWindowMinutes: string;
  flappingStableMinutes: string;
  criticalViewers: string;
  vanishedPolls: string;
  zeroViewerPolls: string;
  unreachableAfterFailures: string;
  cliffDropPercent: string;
  cliffWindowMinutes: string;
  cliffMinViewers: string;
  /** Source id → cap in Mbps as typed; empty: no cap. */
  capsMbps: Record<string, string>;
}

export type NumberField = {
  [K in keyof AlertRulesForm]: AlertRulesForm[K] extends string ? K : never;
}[keyof AlertRulesForm];

/** Where each form field's value lands in the settings, so errors find their way back to the field. */
export const FIELD_PATHS: Record<NumberField | 'quietTimeZone' | 'quietStart' | 'quietEnd', string> = {
  quietStart: 'alerts.quietHours.start',
  quietEnd: 'alerts.quietHours.end',
  quietTimeZone: 'alerts.quietHours.timeZone',
  stormMoreThan: 'alerts.storm.moreThan',
  stormWindowSeconds: 'alerts.storm.windowSeconds',
  flappingMoreThan: 'alerts.flapping.moreThan',
  flappingWindowMinutes: 'alerts.flapping.windowMinutes',
  flappingStableMinutes: 'alerts.flapping.stableMinutes',
  criticalViewers: 'alerts.severity.criticalViewers',
  vanishedPolls: 'detectors.vanishedPolls',
  zeroViewerPolls: 'detectors.zeroViewerPolls',
  unreachableAfterFailures: 'detectors.unreachableAfterFailures',
  cliffDropPercent: 'detectors.viewerCliff.dropPercent',
  cliffWindowMinutes: 'detectors.viewerCliff.windowMinutes',
  cliffMinViewers: 'detectors.viewerCliff.minViewers',
};

export function capPath(sourceId: string): string {
  return `detectors.bandwidthCapsBps.${sourceId}`;
}

const MBPS = 1_000_000;

export function formFromSettings(settings: AlertSettings, sourceIds: readonly string[]): AlertRulesForm {
  const { alerts, detectors } = settings;
  const quiet = alerts.quietHours;
  const capsMbps: Record<string, string> = {};
  for (const id of new Set([...sourceIds, ...Object.keys(detectors.bandwidthCapsBps)])) {
    const cap = detectors.bandwidthCapsBps[id];
    capsMbps[id] = cap === undefined ? '' : String(cap / MBPS);
  }
  return {
    quietEnabled: quiet !== null,
    quietStart: quiet?.start ?? '22:00',
    quietEnd: quiet?.end ?? '07:00',
    quietTimeZone: quiet?.timeZone ?? '',
    quietLetCritical: quiet?.letCriticalThrough ?? true,
    stormMoreThan: String(alerts.storm.moreThan),
    stormWindowSeconds: String(alerts.storm.windowSeconds),
    flappingMoreThan: String(alerts.flapping.moreThan),
    flappingWindowMinutes: String(alerts.flapping.windowMinutes),
    flappingStableMinutes: String(alerts.flapping.stableMinutes),
    criticalViewers: String(alerts.severity.criticalViewers),
    vanishedPolls: String(detectors.vanishedPolls),
    zeroViewerPolls: String(detectors.zeroViewerPolls),
    unreachableAfterFailures: String(detectors.unreachableAfterFailures),
    cliffDropPercent: String(detectors.viewerCliff.dropPercent),
    cliffWindowMinutes: String(detectors.viewerCliff.windowMinutes),
    cliffMinViewers: String(detectors.viewerCliff.minViewers),
    capsMbps,
  };
}

/** Typed text as a number when it is one; otherwise as typed, for the schema to name the problem. */
function numeric(text: string): number | string {
  const trimmed = text.trim().replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

export type RulesResult = { ok: true; settings: AlertSettings } | { ok: false; errors: FieldErrors };

const settingsInput = z.strictObject({ alerts: alertPolicySchema, detectors: detectorConfigSchema });

export function formToSettings(form: AlertRulesForm, base: AlertSettings): RulesResult {
  const caps: Record<string, number | string> = {};
  for (const [id, text] of Object.entries(form.capsMbps)) {
    if (text.trim() === '') continue;
    const value = numeric(text);
    caps[id] = typeof value === 'number' ? Math.round(value * MBPS) : value;
  }
  const draft = {
    alerts: {
      ...base.alerts,
      storm: {
        ...base.alerts.storm,
        moreThan: numeric(form.stormMoreThan),
        windowSeconds: numeric(form.stormWindowSeconds),
      },
      flapping: {
        ...base.alerts.flapping,
        moreThan: numeric(form.flappingMoreThan),
        windowMinutes: numeric(form.flappingWindowMinutes),
        stableMinutes: numeric(form.flappingStableMinutes),
      },
      severity: { ...base.alerts.severity, criticalViewers: numeric(form.criticalViewers) },
      quietHours: form.quietEnabled
        ? {
            start: form.quietStart.trim(),
            end: form.quietEnd.trim(),
            ...(form.quietTimeZone.trim() !== '' ? { timeZone: form.quietTimeZone.trim() } : {}),
            // A fixed offset is kept only while no zone is typed: the schema takes one or the other.
            ...(form.quietTimeZone.trim() === '' && base.alerts.quietHours?.utcOffsetMinutes !== undefined
              ? { utcOffsetMinutes: base.alerts.quietHours.utcOffsetMinutes }
              : {}),
            letCriticalThrough: form.quietLetCritical,
          }
        : null,
    },
    detectors: {
      ...base.detectors,
      vanishedPolls: numeric(form.vanishedPolls),
      zeroViewerPolls: numeric(form.zeroViewerPolls),
      unreachableAfterFailures: numeric(form.unreachableAfterFailures),
      viewerCliff: {
        dropPercent: numeric(form.cliffDropPercent),
        windowMinutes: numeric(form.cliffWindowMinutes),
        minViewers: numeric(form.cliffMinViewers),
      },
      bandwidthCapsBps: caps,
    },
  };
  const parsed = settingsInput.safeParse(draft, PARSE_PARAMS);
  return parsed.success
    ? { ok: true, settings: parsed.data }
    : { ok: false, errors: fieldErrorsOf(parsed.error) };
}
