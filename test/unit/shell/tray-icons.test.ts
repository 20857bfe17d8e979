import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng, pngSize } from '../../../electron/shell/png-encode.ts';
import {
  drawTrayIcon,
  TRAY_ICON_SCALES,
  TRAY_ICON_SIZE,
  TRAY_ICON_STATES,
  trayIconFile,
} from '../../../electron/shell/tray-icons.ts';

const trayDir = path.resolve(import.meta.dirname, '../../../build/icons/tray');

describe('tray icons', () => {
  it('ships a committed PNG for every state at 1x and 2x, matching the generator', () => {
    for (const state of TRAY_ICON_STATES) {
      for (const scale of TRAY_ICON_SCALES) {
        const file = path.join(trayDir, trayIconFile(state, scale));
        expect(existsSync(file), `${file} is missing: run node build/make-icons.ts`).toBe(true);
        const bytes = readFileSync(file);
        expect(pngSize(bytes)).toEqual({ width: TRAY_ICON_SIZE * scale, height: TRAY_ICON_SIZE * scale });
        expect(
          bytes.equals(encodePng(drawTrayIcon(state, TRAY_ICON_SIZE * scale))),
          `${file} is out of date`,
        ).toBe(true);
      }
    }
  });

  it('draws states that differ in shape, not only in colour', () => {
    const masks = TRAY_ICON_STATES.map((state) => {
      const { pixels } = drawTrayIcon(state, 16);
      return Array.from({ length: 256 }, (_, i) => ((pixels[i * 4 + 3] ?? 0) > 127 ? 1 : 0)).join('');
    });
    expect(new Set(masks).size).toBe(TRAY_ICON_STATES.length);
  });

  it('names the 2x file the way nativeImage finds it', () => {
    expect(trayIconFile('critical')).toBe('tray-critical.png');
    expect(trayIconFile('critical', 2)).toBe('tray-critical@2x.png');
  });

  it('refuses pixel data of the wrong length', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(15) })).toThrow(
      /expected 16 bytes for 2×2/,
    );
  });
});
