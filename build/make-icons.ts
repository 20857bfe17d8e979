// Regenerates the tray icons (every glance state at 1x and 2x) and the app icon:
//   node build/make-icons.ts
// The PNGs are committed; rerun after changing electron/shell/tray-icons.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePng } from '../electron/shell/png-encode.ts';
import {
  drawTrayIcon,
  TRAY_ICON_SCALES,
  TRAY_ICON_SIZE,
  TRAY_ICON_STATES,
  trayIconFile,
} from '../electron/shell/tray-icons.ts';

const here = import.meta.dirname;
const trayDir = path.join(here, 'icons', 'tray');
mkdirSync(trayDir, { recursive: true });

for (const state of TRAY_ICON_STATES) {
  for (const scale of TRAY_ICON_SCALES) {
    const file = path.join(trayDir, trayIconFile(state, scale));
    writeFileSync(file, encodePng(drawTrayIcon(state, TRAY_ICON_SIZE * scale)));
    console.log(path.relative(process.cwd(), file));
  }
}

// electron-builder derives every platform's app icon (icns, ico) from one 512 px PNG.
const appIcon = path.join(here, 'icon.png');
writeFileSync(appIcon, encodePng(drawTrayIcon('ok', 512)));
console.log(path.relative(process.cwd(), appIcon));
