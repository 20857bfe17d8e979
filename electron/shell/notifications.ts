import type { BridgeHandlers } from '../../shared/bridge.ts';
import { describeNotice } from '../../shared/i18n/describe-notice.ts';
import type { Locale, MuteTarget, Notice, Notifier } from '../../shared/notices.ts';
import type { DesktopSnooze } from './desktop-snooze.ts';
import { HOUR_MS } from './desktop-snooze.ts';
import { isActionable, muteTargetOf } from './notice-actions.ts';
import { NOTIFICATION_WORDS } from './notification-words.ts';

// Native notifications for the alert engine's notices, worded at the edge in the operator's language.
// Clicking one opens the dashboard at the incident it is about. Where the OS shows buttons (macOS,
// Windows), a notice that something went wrong offers Acknowledge and Mute 1 h, which call the same
// Bridge commands as the dashboard. A tray snooze keeps this desktop quiet; nothing else is held back.

export interface NativeNotificationAction {
  type: 'button';
  text: string;
}

export interface NativeNotificationOptions {
  title: string;
  body: string;
  urgency: 'normal' | 'critical' | 'low';
  silent: boolean;
  actions: NativeNotificationAction[];
}

export interface NativeNotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  /** Electron passes `{ actionIndex }` first (and the index again, deprecated, second). */
  on(event: 'action', listener: (details: { actionIndex?: number }, actionIndex?: number) => void): unknown;
  show(): void;
}

export type NoticeCommands = Pick<BridgeHandlers, 'acknowledge' | 'mute'>;

export interface NativeNotifierOptions {
  createNotification: (options: NativeNotificationOptions) => NativeNotificationLike;
  /** False on systems without a notification service: notices then only reach the dashboard. */
  isSupported: () => boolean;
  /** macOS and Windows show notification buttons; Linux notification daemons get none from Electron. */
  supportsActions: boolean;
  locale: () => Locale;
  /** The source's display name for a source id. */
  sourceName?: (sourceId: string) => string | undefined;
  /** The operator clicked: open the dashboard, at this incident when there is one. */
  open: (incidentId: number | null) => void;
  /** The Bridge commands behind the buttons. */
  commands: NoticeCommands;
  /** The tray's "mute notifications" pause. */
  snooze: DesktopSnooze;
  now: () => number;
  log?: (message: string) => void;
}

/** Notifications are garbage-collected (and lose their handlers) unless something holds them. */
const MAX_HELD = 50;

const ACKNOWLEDGE = 0;
const MUTE_HOUR = 1;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function acknowledgeAll(commands: NoticeCommands, incidentIds: readonly number[]): Promise<void> {
  for (const incidentId of incidentIds) await commands.acknowledge({ incidentId });
}

async function muteForAnHour(commands: NoticeCommands, target: MuteTarget, now: number): Promise<void> {
  await commands.mute({ target, untilMs: now + HOUR_MS });
}

function onAction(options: NativeNotifierOptions, notice: Notice, index: number): void {
  const target = muteTargetOf(notice);
  let done: Promise<void>;
  if (index === ACKNOWLEDGE) done = acknowledgeAll(options.commands, notice.incidentIds);
  else if (index === MUTE_HOUR && target) done = muteForAnHour(options.commands, target, options.now());
  else return;
  done.catch((error: unknown) =>
    options.log?.(
      `${index === ACKNOWLEDGE ? 'cannot acknowledge' : 'cannot mute'} from the notification: ${errorText(error)}`,
    ),
  );
}

export function createNativeNotifier(options: NativeNotifierOptions): Notifier {
  const held = new Set<NativeNotificationLike>();

  function hold(notification: NativeNotificationLike): void {
    held.add(notification);
    if (held.size > MAX_HELD) {
      const oldest = held.values().next().value;
      if (oldest) held.delete(oldest);
    }
  }

  return {
    notify(notice: Notice) {
      if (!options.isSupported() || options.snooze.isActive()) return;
      const locale = options.locale();
      const text = describeNotice(
        notice,
        locale,
        options.sourceName ? { sourceName: options.sourceName } : {},
      );
      const words = NOTIFICATION_WORDS[locale];
      const actions: NativeNotificationAction[] =
        options.supportsActions && isActionable(notice)
          ? [
              { type: 'button', text: words.acknowledge },
              { type: 'button', text: words.muteHour },
            ]
          : [];
      const notification = options.createNotification({
        title: text.title,
        body: text.body,
        urgency: notice.severity === 'critical' ? 'critical' : notice.severity === 'info' ? 'low' : 'normal',
        silent: notice.severity === 'info',
        actions,
      });
      hold(notification);
      notification.on('click', () => {
        held.delete(notification);
        options.open(notice.incidentIds.length === 1 ? (notice.incidentIds[0] ?? null) : null);
      });
      notification.on('action', (details, legacyIndex) => {
        held.delete(notification);
        onAction(options, notice, details.actionIndex ?? legacyIndex ?? -1);
      });
      notification.on('close', () => held.delete(notification));
      notification.show();
    },
  };
}
