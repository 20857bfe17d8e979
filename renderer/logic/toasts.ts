// Toasts at the bottom of the screen: at most three stacked, the rest counted; only critical ones stay
// until dismissed, the others go away on their own.

export type ToastSeverity = 'info' | 'warning' | 'critical';

export interface Toast {
  id: number;
  title: string;
  body: string;
  severity: ToastSeverity;
}

export const MAX_STACKED = 3;
/** Undismissed toasts kept beyond the stack (counted as "+N more"); older ones are dropped. */
const MAX_KEPT = 50;
const AUTO_DISMISS_MS: Record<ToastSeverity, number | null> = {
  info: 6_000,
  warning: 10_000,
  critical: null,
};

export function pushToast(list: readonly Toast[], toast: Toast): Toast[] {
  return [...list, toast].slice(-MAX_KEPT);
}

/** The newest three, newest last, and how many wait behind them. */
export function stackOf(list: readonly Toast[]): { shown: Toast[]; hidden: number } {
  return { shown: list.slice(-MAX_STACKED), hidden: Math.max(0, list.length - MAX_STACKED) };
}

/** How long a toast stays on its own; null: until the operator dismisses it. */
export function autoDismissMs(severity: ToastSeverity): number | null {
  return AUTO_DISMISS_MS[severity];
}
