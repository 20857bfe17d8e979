import path from 'node:path';
import type { GlanceState } from '../../shared/bridge.ts';
import type { RgbaImage } from './png-encode.ts';

// The tray icon per glance state. Each state differs in shape as well as colour, so the icon reads for
// colour-blind operators and on monochrome menu bars: ok a disc, warning a triangle, critical a diamond,
// stale a hollow ring, paused two bars, idle (no sources) a small dot.

export const TRAY_ICON_STATES = [
  'ok',
  'warning',
  'critical',
  'stale',
  'paused',
  'idle',
] as const satisfies readonly GlanceState[];
export const TRAY_ICON_SIZE = 16;
export const TRAY_ICON_SCALES = [1, 2] as const;

/**
 * `tray-ok.png`, `tray-ok@2x.png`: Electron's nativeImage picks the @2x file next to the 1x one on
 * high-DPI screens, so the shell only ever names the 1x file.
 */
export function trayIconFile(state: GlanceState, scale: 1 | 2 = 1): string {
  return `tray-${state}${scale === 2 ? '@2x' : ''}.png`;
}

export function trayIconPath(directory: string, state: GlanceState): string {
  return path.join(directory, trayIconFile(state));
}

type Rgb = readonly [number, number, number];
const GREEN: Rgb = [0x2e, 0x9d, 0x4f];
const AMBER: Rgb = [0xe0, 0x9b, 0x00];
const RED: Rgb = [0xd6, 0x2f, 0x2f];
const GREY: Rgb = [0x80, 0x86, 0x8c];

/** Inside test on the unit square (0..1, y down); `true` paints. */
type Shape = (x: number, y: number) => boolean;

const disc =
  (radius: number): Shape =>
  (x, y) =>
    (x - 0.5) ** 2 + (y - 0.5) ** 2 <= radius ** 2;

const ring =
  (outer: number, inner: number): Shape =>
  (x, y) => {
    const d = (x - 0.5) ** 2 + (y - 0.5) ** 2;
    return d <= outer ** 2 && d >= inner ** 2;
  };

const triangle: Shape = (x, y) => y >= 0.1 && y <= 0.9 && Math.abs(x - 0.5) <= ((y - 0.1) / 0.8) * 0.45;
const diamond: Shape = (x, y) => Math.abs(x - 0.5) + Math.abs(y - 0.5) <= 0.47;
const bars: Shape = (x, y) => y >= 0.15 && y <= 0.85 && ((x >= 0.2 && x <= 0.42) || (x >= 0.58 && x <= 0.8));

const ART: Record<(typeof TRAY_ICON_STATES)[number], { shape: Shape; colour: Rgb }> = {
  ok: { shape: disc(0.42), colour: GREEN },
  warning: { shape: triangle, colour: AMBER },
  critical: { shape: diamond, colour: RED },
  stale: { shape: ring(0.42, 0.26), colour: GREY },
  paused: { shape: bars, colour: GREY },
  idle: { shape: disc(0.2), colour: GREY },
};

const SUPERSAMPLE = 4;

/** Draws one state's icon at `size` pixels square, anti-aliased by supersampling. */
export function drawTrayIcon(state: (typeof TRAY_ICON_STATES)[number], size: number): RgbaImage {
  const { shape, colour } = ART[state];
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          if (shape(x, y)) covered += 1;
        }
      }
      const at = (py * size + px) * 4;
      pixels[at] = colour[0];
      pixels[at + 1] = colour[1];
      pixels[at + 2] = colour[2];
      pixels[at + 3] = Math.round((covered / SUPERSAMPLE ** 2) * 255);
    }
  }
  return { width: size, height: size, pixels };
}
