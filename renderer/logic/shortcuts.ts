export const VIEWS = ['overview', 'streams', 'charts', 'incidents', 'daily', 'settings'] as const;
export type ViewId = (typeof VIEWS)[number];

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focus is in a text field, select or editable element: typing there must not switch views. */
  inEditable: boolean;
}

export type ShortcutAction = { kind: 'view'; view: ViewId } | { kind: 'filter' } | null;

export function shortcutFor(press: KeyPress): ShortcutAction {
  if (press.inEditable || press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.key === '/') return { kind: 'filter' };
  if (/^[1-6]$/.test(press.key)) {
    const view = VIEWS[Number(press.key) - 1];
    return view === undefined ? null : { kind: 'view', view };
  }
  return null;
}

/** Left/Right/Home/End across the tab strip, wrapping, as the WAI-ARIA tabs pattern expects. */
export function tabAfterKey(current: ViewId, key: string): ViewId | null {
  const index = VIEWS.indexOf(current);
  const last = VIEWS.length - 1;
  const next =
    key === 'ArrowRight' ? (index + 1) % VIEWS.length
    : key === 'ArrowLeft' ? (index + last) % VIEWS.length
    : key === 'Home' ? 0
    : key === 'End' ? last
    : null;
  return next === null ? null : (VIEWS[next] ?? null);
}
