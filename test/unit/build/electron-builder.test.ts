import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

// Reads build/electron-builder.yml with electron-builder's own loader and schema, so what is checked here
// is exactly what `npm run dist` will package.

const root = path.resolve(import.meta.dirname, '../../..');

async function packagingConfig() {
  return getConfig(root, path.join(root, 'build', 'electron-builder.yml'), null);
}

describe('packaged app (electron-builder)', () => {
  it('is a configuration electron-builder accepts', async () => {
    await expect(
      validateConfiguration(await packagingConfig(), new DebugLogger(false)),
    ).resolves.toBeUndefined();
  });

  it('flips the fuses that keep the installed app from being turned into a Node runtime', async () => {
    const fuses = (await packagingConfig()).electronFuses;
    expect(fuses).toBeTruthy();
    expect(fuses?.runAsNode).toBe(false);
    expect(fuses?.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses?.enableNodeCliInspectArguments).toBe(false);
  });

  it('encrypts cookies and loads only its own integrity-checked app.asar', async () => {
    const fuses = (await packagingConfig()).electronFuses;
    expect(fuses?.enableCookieEncryption).toBe(true);
    expect(fuses?.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(fuses?.onlyLoadAppFromAsar).toBe(true);
    expect(fuses?.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it('packages the app into an asar (the fuses above assume one)', async () => {
    expect((await packagingConfig()).asar).not.toBe(false);
  });

  it('asks macOS for alert-style notifications, which is what shows the Acknowledge and Mute buttons', async () => {
    expect((await packagingConfig()).mac?.extendInfo).toMatchObject({
      NSUserNotificationAlertStyle: 'alert',
    });
  });
});
