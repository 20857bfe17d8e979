import { useSyncExternalStore } from 'react';
import { isTimeZone } from '../logic/time-ticks.ts';

// The time zone charts and stream histories are shown in: the operator's choice, kept in this browser's
// local storage (a UI preference, not config), and the browser's own zone until one is chosen. Settings
// can offer the same choice through getTimeZone / setTimeZone; every chart follows at once.

const STORAGE_KEY = 'streamtray.timeZone';
const CHANGED = 'streamtray:time-zone';

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function stored(): string | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value !== null && isTimeZone(value) ? value : null;
  } catch {
    return null; // Storage blocked (a locked-down browser): the browser's zone it is.
  }
}

/** The zone to show times in now. */
export function getTimeZone(): string {
  return stored() ?? browserTimeZone();
}

/** Chooses a zone (an IANA name such as "Asia/Shanghai"); null goes back to the browser's. */
export function setTimeZone(zone: string | null): void {
  if (zone !== null && !isTimeZone(zone)) throw new RangeError(`unknown time zone "${zone}"`);
  try {
    if (zone === null) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, zone);
  } catch {
    // Not kept across reloads, but the charts still follow for this page.
  }
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The chosen zone, re-rendering when it changes (here or in another tab). */
export function useTimeZone(): string {
  return useSyncExternalStore(subscribe, getTimeZone, getTimeZone);
}

/** Old names the runtime's list may still use, and the names operators know these zones by today. */
const CURRENT_NAMES: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
};

/** Zones to offer: the chosen one, the browser's and UTC first, then every zone the runtime knows. */
export function timeZoneChoices(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const named = all.map((zone) => CURRENT_NAMES[zone] ?? zone).filter(isTimeZone);
  return [...new Set([getTimeZone(), browserTimeZone(), 'UTC', ...named])];
}
