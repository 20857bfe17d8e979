import type { ContactPoint } from '../../../../../shared/contact-points.ts';
import type { ContactMessage } from '../../../../../electron/core/notify/contact-message.ts';
import type { Sender, SendResult } from '../../../../../electron/core/notify/senders/sender.ts';
import { openedMessage } from '../../../../helpers/contact-message-fixture.ts';

/** One attempt through a sender over real HTTP (Node's fetch), as the outbox makes it. */
export function sendOnce<P extends ContactPoint>(
  sender: Sender<P>,
  point: P,
  secret: string | null,
  message: ContactMessage = openedMessage(),
  now = Date.UTC(2025, 0, 6, 12, 0, 6),
): Promise<SendResult> {
  return sender.send({
    point,
    message,
    secret,
    signal: AbortSignal.timeout(5_000),
    fetch: (input, init) => fetch(input, init),
    now,
    timeoutMs: 5_000,
  });
}

export const common = { minSeverity: 'warning', repeatMinutes: 30, ignoreQuietHours: false } as const;
