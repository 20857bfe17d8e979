import { fileURLToPath } from 'node:url';

/**
 * The project folder (package.json, dist/). This module sits two levels below it both as source
 * (electron/cli/) and inside the bundled command (dist/cli/main.js, where every module shares the
 * bundle's URL), so one relative step serves both.
 */
export const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));
