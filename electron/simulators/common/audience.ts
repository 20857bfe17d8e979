// Deterministic, realistic audience figures for the simulators: a daily curve peaking in the evening,
// per-stream sizes spread over orders of magnitude, minute-to-minute noise, and streams that start and
// stop. Everything is a pure function of (seed, stream, time), so a test can recompute what was served.

/** A 32-bit hash of the parts, spread evenly over [0, 1). */
export function unitHash(...parts: (string | number)[]): number {
  let h = 2166136261;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 0.15 at 05:00 UTC rising to 1.0 at 20:00 UTC: the shape of an evening audience. */
export function dailyCurve(atMs: number): number {
  const hour = ((atMs % DAY) + DAY) % DAY / HOUR;
  const phase = ((hour - 20 + 24) % 24) / 24; // 0 at the peak
  return 0.15 + 0.85 * (0.5 + 0.5 * Math.cos(2 * Math.PI * phase));
}

/** Whether a stream is on air in the hour containing `atMs` (about 85% of hours are). */
export function isLive(seed: string, stream: string, atMs: number): boolean {
  return unitHash(seed, stream, 'live', Math.floor(atMs / HOUR)) < 0.85;
}

/** Concurrent viewers of one stream during the minute containing `atMs` (0 when off air). */
export function viewersAt(seed: string, stream: string, atMs: number): number {
  if (!isLive(seed, stream, atMs)) return 0;
  const size = 2 + Math.floor(Math.pow(unitHash(seed, stream, 'size'), 3) * 4000); // few large, many small
  const noise = 0.9 + 0.2 * unitHash(seed, stream, 'noise', Math.floor(atMs / MINUTE));
  return Math.max(0, Math.round(size * dailyCurve(atMs) * noise));
}

/** Per-viewer bitrate of a stream in bits per second: one rendition between 0.6 and 4.5 Mbps. */
export function bitrateOf(seed: string, stream: string): number {
  const ladder = [600_000, 979_176, 1_500_000, 2_500_000, 4_500_000];
  return ladder[Math.floor(unitHash(seed, stream, 'bitrate') * ladder.length)] ?? 1_500_000;
}

/** Stream names such as `s0001` … for a simulated account. */
export function streamNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);
}

export const TIME = { MINUTE, HOUR, DAY } as const;
