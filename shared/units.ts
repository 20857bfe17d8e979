// Unit formatting shared by the CLI, the dashboard and the tray: bandwidth in bits per second with SI
// prefixes, traffic in 1000-based bytes, view time as h:mm:ss. Missing values print as an em dash.

const MISSING = '—';

function scaled(value: number, units: readonly string[]): string {
  let index = 0;
  let scaledValue = value;
  while (Math.abs(scaledValue) >= 999.95 && index < units.length - 1) {
    scaledValue /= 1000;
    index += 1;
  }
  const digits = index === 0 || Math.abs(scaledValue) >= 100 ? 0 : Math.abs(scaledValue) >= 10 ? 1 : 2;
  return `${scaledValue.toFixed(digits)} ${units[index]}`;
}

export function formatBitrate(bps: number | null): string {
  return bps === null ? MISSING : scaled(bps, ['bps', 'kbps', 'Mbps', 'Gbps', 'Tbps']);
}

export function formatBytes(bytes: number | null): string {
  return bytes === null ? MISSING : scaled(bytes, ['B', 'KB', 'MB', 'GB', 'TB', 'PB']);
}

export function formatCount(count: number | null): string {
  return count === null ? MISSING : Math.round(count).toLocaleString('en-US');
}

/** Seconds as h:mm:ss; hours grow past 24 rather than rolling into days. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return MISSING;
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = whole % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(secs).padStart(2, '0')}`;
}

export interface ViewTimeUnits {
  hours: string;
  minutes: string;
  seconds: string;
}

const VIEW_TIME_EN: ViewTimeUnits = { hours: 'h', minutes: 'm', seconds: 's' };

/**
 * View time for totals that run into thousands of hours: "41,084 h 54 m" rather than "41084:54:00";
 * under an hour "12 m 5 s", under a minute "40 s". Words come from the caller (the dashboard's locale).
 */
export function formatViewTime(seconds: number | null, units: ViewTimeUnits = VIEW_TIME_EN): string {
  if (seconds === null) return MISSING;
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = whole % 60;
  if (hours > 0) return `${hours.toLocaleString('en-US')} ${units.hours} ${minutes} ${units.minutes}`;
  if (minutes > 0) return `${minutes} ${units.minutes} ${secs} ${units.seconds}`;
  return `${secs} ${units.seconds}`;
}
