import type { AlertSubject } from '../alerts.ts';
import type { NoticeMessage } from '../notices.ts';
import { formatCount, formatDuration } from '../units.ts';

// The shape every language's notice words must have: one function per notice kind, so a kind added to
// the schema without words in every language fails to type-check.

export interface NoticeText {
  title: string;
  body: string;
}

export interface WordingContext {
  source(sourceId: string): string;
  name(subjectName: string): string;
}

export type NoticeWords = {
  [K in NoticeMessage['kind']]: (
    message: Extract<NoticeMessage, { kind: K }>,
    context: WordingContext,
  ) => NoticeText;
};

/** Downtime as m:ss under an hour ("4:12"), h:mm:ss beyond. */
export function formatDowntime(ms: number): string {
  return formatDuration(ms / 1000).replace(/^0:0?/, '');
}

export function formatWindow(ms: number, unit: { minute: string; second: string }): string {
  return ms >= 60_000 && ms % 60_000 === 0
    ? `${formatCount(ms / 60_000)}${unit.minute}`
    : `${formatCount(ms / 1000)}${unit.second}`;
}

/** "a, b, c, …" when the sample is shorter than the whole. */
export function listSample(
  names: readonly string[],
  total: number,
  context: WordingContext,
  separator: string,
): string {
  const shown = names.map((name) => context.name(name));
  return shown.length < total ? [...shown, '…'].join(separator) : shown.join(separator);
}

/** The bandwidth-cap detector's subject (`<source id> bandwidth`): worded as the cap, not as a thing gone down. */
export function isBandwidthSubject(sourceId: string, subject: AlertSubject): boolean {
  return subject.kind === 'source' && subject.name === `${sourceId} bandwidth`;
}
