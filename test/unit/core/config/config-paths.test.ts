import { describe, expect, it } from 'vitest';
import { resolveAppPaths } from '../../../../electron/core/config/config-paths.ts';

describe('resolveAppPaths', () => {
  it('uses ~/.config and ~/.local/share on Linux without XDG variables', () => {
    expect(resolveAppPaths({ platform: 'linux', homedir: '/home/ann', env: {} })).toEqual({
      configPath: '/home/ann/.config/streamtray/config.json',
      dataDir: '/home/ann/.local/share/streamtray',
    });
  });

  it('follows XDG_CONFIG_HOME and XDG_DATA_HOME on Linux, ignoring relative values as the spec says', () => {
    const env = { XDG_CONFIG_HOME: '/xdg/conf', XDG_DATA_HOME: '/xdg/data' };
    expect(resolveAppPaths({ platform: 'linux', homedir: '/home/ann', env })).toEqual({
      configPath: '/xdg/conf/streamtray/config.json',
      dataDir: '/xdg/data/streamtray',
    });
    const relative = { XDG_CONFIG_HOME: 'conf', XDG_DATA_HOME: '' };
    expect(resolveAppPaths({ platform: 'linux', homedir: '/home/ann', env: relative }).configPath).toBe(
      '/home/ann/.config/streamtray/config.json',
    );
  });

  it('keeps config and data together in Application Support on macOS', () => {
    expect(
      resolveAppPaths({ platform: 'darwin', homedir: '/Users/ann', env: { XDG_CONFIG_HOME: '/x' } }),
    ).toEqual({
      configPath: '/Users/ann/Library/Application Support/streamtray/config.json',
      dataDir: '/Users/ann/Library/Application Support/streamtray',
    });
  });

  it('uses APPDATA for the config and LOCALAPPDATA for data on Windows', () => {
    const env = {
      APPDATA: 'C:\\Users\\ann\\AppData\\Roaming',
      LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local',
    };
    expect(resolveAppPaths({ platform: 'win32', homedir: 'C:\\Users\\ann', env })).toEqual({
      configPath: 'C:\\Users\\ann\\AppData\\Roaming\\streamtray\\config.json',
      dataDir: 'C:\\Users\\ann\\AppData\\Local\\streamtray',
    });
  });

  it('lets the environment override the OS default, and the flag override the environment', () => {
    const env = { STREAMTRAY_CONFIG: '/etc/st.json', STREAMTRAY_DATA_DIR: '/var/lib/st' };
    expect(resolveAppPaths({ platform: 'linux', homedir: '/home/ann', env })).toEqual({
      configPath: '/etc/st.json',
      dataDir: '/var/lib/st',
    });
    expect(
      resolveAppPaths({
        platform: 'linux',
        homedir: '/home/ann',
        env,
        configFlag: 'my.json',
        dataDirFlag: 'data',
        cwd: '/srv/streams',
      }),
    ).toEqual({ configPath: '/srv/streams/my.json', dataDir: '/srv/streams/data' });
  });
});
