import type { AlertSubject } from '../../../shared/alerts.ts';
import type { Severity } from '../../../shared/notices.ts';

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * Servers and sources take many streams down with them, so they are critical. A stream weighs its
 * audience: thousands watching is critical, nobody watching is info, unknown is a plain warning.
 */
export function severityOf(
  subject: AlertSubject,
  viewers: number | null | undefined,
  criticalViewers: number,
): Severity {
  if (subject.kind !== 'stream') return 'critical';
  if (viewers === null || viewers === undefined) return 'warning';
  if (viewers >= criticalViewers) return 'critical';
  return viewers === 0 ? 'info' : 'warning';
}

export function maxSeverity(severities: Iterable<Severity>): Severity {
  let best: Severity = 'info';
  for (const severity of severities) if (RANK[severity] > RANK[best]) best = severity;
  return best;
}
