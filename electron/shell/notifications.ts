import { describeNotice } from '../../shared/i18n/describe-notice.ts';
import type { Locale, Notice, Notifier } from '../../shared/notices.ts';

// Native notifications for the alert engine's notices, worded at the edge in the operator's language.
// Clicking one opens the dashboard at the incident it is about.

export interface NativeNotificationOptions {
  title: string;
  body: string;
  urgency: 'normal' | 'critical' | 'low';
  silent: boolean;
}

export interface NativeNotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
}

export interface NativeNotifierOptions {
  createNotification: (options: NativeNotificationOptions) => NativeNotificationLike;
  /** False on systems without a notification service: notices then only reach the dashboard. */
  isSupported: () => boolean;
  locale: () => Locale;
  /** The source's display name for a source id. */
  sourceName?: (sourceId: string) => string | undefined;
  /** The operator clicked: open the dashboard, at this incident when there is one. */
  open: (incidentId: number | null) => void;
}

/** Notifications are garbage-collected (and lose their click handler) unless something holds them. */
const MAX_HELD = 50;

export function createNativeNotifier(options: NativeNotifierOptions): Notifier {
  const held = new Set<NativeNotificationLike>();
  return {
    notify(notice: Notice) {
      if (!options.isSupported()) return;
      const text = describeNotice(
        notice,
        options.locale(),
        options.sourceName ? { sourceName: options.sourceName } : {},
      );
      const notification = options.createNotification({
        title: text.title,
        body: text.body,
        urgency: notice.severity === 'critical' ? 'critical' : notice.severity === 'info' ? 'low' : 'normal',
        silent: notice.severity === 'info',
      });
      held.add(notification);
      if (held.size > MAX_HELD) {
        const oldest = held.values().next().value;
        if (oldest) held.delete(oldest);
      }
      notification.on('click', () => {
        held.delete(notification);
        options.open(notice.incidentIds.length === 1 ? (notice.incidentIds[0] ?? null) : null);
      });
      notification.on('close', () => held.delete(notification));
      notification.show();
    },
  };
}

/** The dashboard fragment for an incident (the renderer reads it on load and on hashchange). */
export function incidentRoute(incidentId: number | null): string {
  return incidentId === null ? '#/incidents' : `#/incidents/${incidentId}`;
}
