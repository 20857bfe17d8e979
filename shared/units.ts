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
