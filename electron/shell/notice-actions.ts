import type { MuteTarget, Notice } from '../../shared/notices.ts';

// What an operator can do straight from a notice: acknowledge the incidents it opened, or mute what it
// is about. Only notices that announce something going wrong offer that; a recovery needs no answer.

/** The subject a "Mute 1 h" silences: the stream or server, the source itself, or a storm's source. */
export function muteTargetOf(notice: Notice): MuteTarget | null {
  const message = notice.message;
  switch (message.kind) {
    case 'incident-opened':
    case 'flapping':
      return message.subject.kind === 'source'
        ? { kind: 'source', sourceId: message.sourceId }
        : { kind: message.subject.kind, sourceId: message.sourceId, name: message.subject.name };
    case 'storm-opened':
    case 'storm-grew':
      return { kind: 'source', sourceId: message.sourceId };
    default:
      return null;
  }
}

/** True when the notice offers Acknowledge and Mute 1 h. */
export function isActionable(notice: Notice): boolean {
  return notice.incidentIds.length > 0 && muteTargetOf(notice) !== null;
}
