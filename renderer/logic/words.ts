import type { AlertSubject } from '../../shared/alerts.ts';
import type { ErrorKind, ProviderKind, SourceCheck } from '../../shared/domain.ts';
import { displaySubjectName } from '../../shared/i18n/describe-notice.ts';
import { isBandwidthSubject } from '../../shared/i18n/notice-words.ts';
import type { Severity } from '../../shared/notices.ts';
import { formatCount } from '../../shared/units.ts';
import type { Translate } from '../i18n/translate.ts';
import { knownReason } from './incidents.ts';

// Codes from the core (error kinds, reasons, origins, severities) in the operator's words, in both
// languages; a code this build does not know yet is shown as it came rather than hidden.

export const PROVIDER_NAMES: Record<ProviderKind, string> = {
  wmspanel: 'WMSPanel',
  scaleengine: 'ScaleEngine',
  qiniu: 'Qiniu Pili',
};

export function errorKindWords(kind: ErrorKind, t: Translate): string {
  return t(`errorKind.${kind}`);
}

/** "Credentials rejected — WMSPanel answered: HTTP 403": the kind in words, the provider's own text framed. */
export function sourceErrorWords(
  error: { kind: ErrorKind; message: string },
  provider: ProviderKind,
  t: Translate,
): string {
  return `${errorKindWords(error.kind, t)} — ${t('source.errorFrame', { provider: PROVIDER_NAMES[provider], message: error.message })}`;
}

export function reasonWords(reason: string | undefined | null, t: Translate): string | null {
  if (reason === undefined || reason === null || reason === '') return null;
  const known = knownReason(reason);
  return known === null ? reason : t(`reason.${known}`);
}

export function originWords(origin: 'webhook' | 'derived', t: Translate): string {
  return t(`origin.${origin}`);
}

export function severityWords(severity: Severity, t: Translate): string {
  return t(`severity.${severity}`);
}

/**
 * What is down, as the operator knows it: a stream or server by its name (credentials stripped from
 * URLs), the source itself by its display name, the bandwidth-cap subject as the source's bandwidth.
 */
export function subjectWords(
  sourceId: string,
  subject: AlertSubject,
  sourceName: (id: string) => string,
  t: Translate,
): string {
  if (isBandwidthSubject(sourceId, subject)) return `${t('subject.bandwidth')} · ${sourceName(sourceId)}`;
  if (subject.kind === 'source' && subject.name === sourceId) return sourceName(sourceId);
  return displaySubjectName(subject.name);
}

/** The provider's answer to a test poll: "Qiniu Pili answered: OK, 1,204 viewers, 12 streams." */
export function testAnswerWords(check: SourceCheck, t: Translate): string {
  const provider = PROVIDER_NAMES[check.provider];
  return check.ok
    ? t('settings.testAnswerOk', {
        provider,
        viewers: formatCount(check.viewers),
        streams: formatCount(check.streams.length),
      })
    : t('settings.testAnswerFailed', {
        provider,
        kind: errorKindWords(check.error.kind, t),
        message: check.error.message,
      });
}
