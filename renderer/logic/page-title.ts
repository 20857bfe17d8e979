import type { Glance, GlanceState } from '../../shared/bridge.ts';

// The browser tab carries the state, so an operator with the dashboard in a background tab still sees
// trouble: "(2) Critical — Streamtray", and a favicon coloured like the tray icon.

export function pageTitle(glance: Glance | null, stateLabel: string, appTitle: string): string {
  if (glance === null) return appTitle;
  const count = glance.openIncidents > 0 ? `(${glance.openIncidents}) ` : '';
  return `${count}${stateLabel} — ${appTitle}`;
}

/** Dot colours per state, the same hues as the glance pill. */
export const STATE_COLOURS: Record<GlanceState | 'connecting', string> = {
  critical: '#dc2626',
  warning: '#d97706',
  stale: '#6b7280',
  paused: '#2563eb',
  ok: '#16a34a',
  idle: '#9ca3af',
  connecting: '#9ca3af',
};

/** A small SVG icon: the app's signal bars on a tile, with a dot coloured by the state. */
export function faviconSvg(state: GlanceState | 'connecting'): string {
  const dot = STATE_COLOURS[state];
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
    '<rect width="32" height="32" rx="7" fill="#1e293b"/>' +
    '<rect x="6" y="17" width="4" height="9" rx="1" fill="#e2e8f0"/>' +
    '<rect x="12" y="12" width="4" height="14" rx="1" fill="#e2e8f0"/>' +
    '<rect x="18" y="7" width="4" height="19" rx="1" fill="#e2e8f0"/>' +
    `<circle cx="25" cy="8" r="6" fill="${dot}" stroke="#1e293b" stroke-width="2"/>` +
    '</svg>'
  );
}

/**
 * The icon file for a state: renderer/public/favicon-<state>.svg, served from the app's own origin (the
 * desktop app's policy allows images from nowhere else). A unit test keeps the files equal to faviconSvg.
 */
export function faviconHref(state: GlanceState | 'connecting'): string {
  return `./favicon-${state}.svg`;
}
