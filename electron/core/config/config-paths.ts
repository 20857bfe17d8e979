import path from 'node:path';

// Where the config document and local data live (docs/configuration.md). Pure: the platform, home directory
// and environment are passed in, so every OS's rule is testable on any OS.

export const APP_DIR = 'streamtray';
export const CONFIG_FILE = 'config.json';

export interface PathInputs {
  platform: NodeJS.Platform;
  homedir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `--config FILE`, relative to `cwd`. */
  configFlag?: string | undefined;
  /** `--data-dir DIR`, relative to `cwd`. */
  dataDirFlag?: string | undefined;
  cwd?: string | undefined;
}

export interface AppPaths {
  configPath: string;
  dataDir: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** The OS config directory's streamtray folder, before any override. */
export function defaultConfigDir(inputs: Pick<PathInputs, 'platform' | 'homedir' | 'env'>): string {
  const { platform, homedir, env } = inputs;
  if (platform === 'win32') {
    const appData = nonEmpty(env['APPDATA']) ?? path.win32.join(homedir, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_DIR);
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', APP_DIR);
  // XDG says a relative XDG_* value is invalid and must be ignored.
  const xdg = nonEmpty(env['XDG_CONFIG_HOME']);
  const base = xdg !== undefined && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(homedir, '.config');
  return path.posix.join(base, APP_DIR);
}

/** The OS data directory's streamtray folder (SQLite files, logs), before any override. */
export function defaultDataDir(inputs: Pick<PathInputs, 'platform' | 'homedir' | 'env'>): string {
  const { platform, homedir, env } = inputs;
  if (platform === 'win32') {
    const local = nonEmpty(env['LOCALAPPDATA']) ?? path.win32.join(homedir, 'AppData', 'Local');
    return path.win32.join(local, APP_DIR);
  }
  if (platform === 'darwin') return defaultConfigDir(inputs);
  const xdg = nonEmpty(env['XDG_DATA_HOME']);
  const base =
    xdg !== undefined && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(homedir, '.local', 'share');
  return path.posix.join(base, APP_DIR);
}

/** The flag wins over the environment variable, which wins over the OS default. */
export function resolveAppPaths(inputs: PathInputs): AppPaths {
  const pathApi = inputs.platform === 'win32' ? path.win32 : path.posix;
  const cwd = inputs.cwd ?? process.cwd();
  const configOverride = nonEmpty(inputs.configFlag) ?? nonEmpty(inputs.env['STREAMTRAY_CONFIG']);
  const dataOverride = nonEmpty(inputs.dataDirFlag) ?? nonEmpty(inputs.env['STREAMTRAY_DATA_DIR']);
  return {
    configPath:
      configOverride !== undefined
        ? pathApi.resolve(cwd, configOverride)
        : pathApi.join(defaultConfigDir(inputs), CONFIG_FILE),
    dataDir: dataOverride !== undefined ? pathApi.resolve(cwd, dataOverride) : defaultDataDir(inputs),
  };
}
