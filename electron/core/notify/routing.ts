import type { ContactPoint } from '../../../shared/contact-points.ts';
import type { Notice, Severity } from '../../../shared/notices.ts';

// Which points hear a notice. Mutes and acknowledgements were applied by the engine already; here each
// point's own filters: severity floor, sources, and quiet hours unless the point ignores them.

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** The sources a notice is about (a quiet-hours summary may span several). */
export function noticeSources(notice: Notice): readonly string[] {
  return notice.message.kind === 'quiet-hours-summary' ? notice.message.sources : [notice.message.sourceId];
}

/** `held`: the engine kept this notice from the desktop because of quiet hours. */
export function routes(point: ContactPoint, notice: Notice, held: boolean): boolean {
  if (held && !point.ignoreQuietHours) return false;
  if (RANK[notice.severity] < RANK[point.minSeverity]) return false;
  if (point.sources === undefined) return true;
  const wanted = new Set(point.sources.map((id) => id.toLowerCase()));
  const about = noticeSources(notice);
  // A summary of nothing in particular still reaches everyone who was kept from hearing about it.
  return about.length === 0 || about.some((id) => wanted.has(id.toLowerCase()));
}
