import { describe, expect, it } from 'vitest';
import {
  denyAllPermissions,
  denyPermissionsInEverySession,
  type PermissionSessionLike,
  type SessionSource,
} from '../../../electron/shell/permissions.ts';

function fakeSession() {
  const set: {
    request?: Parameters<PermissionSessionLike['setPermissionRequestHandler']>[0];
    check?: Parameters<PermissionSessionLike['setPermissionCheckHandler']>[0];
    device?: Parameters<PermissionSessionLike['setDevicePermissionHandler']>[0];
  } = {};
  const session: PermissionSessionLike = {
    setPermissionRequestHandler: (handler) => void (set.request = handler),
    setPermissionCheckHandler: (handler) => void (set.check = handler),
    setDevicePermissionHandler: (handler) => void (set.device = handler),
  };
  return { session, set };
}

describe('browser permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid'])(
    'refuses a page that asks for %s',
    (permission) => {
      const { session, set } = fakeSession();
      denyAllPermissions(session);
      const answers: boolean[] = [];
      set.request?.({}, permission, (granted) => void answers.push(granted));
      expect(answers).toEqual([false]);
    },
  );

  it('answers no when a page only checks whether it has a permission, or a device', () => {
    const { session, set } = fakeSession();
    denyAllPermissions(session);
    expect(set.check?.({}, 'clipboard-read')).toBe(false);
    expect(set.check?.(null, 'media')).toBe(false);
    expect(set.device?.({ deviceType: 'usb' })).toBe(false);
  });

  it('refuses in a session created later just as in the default one', () => {
    const listeners: Array<(session: PermissionSessionLike) => void> = [];
    const app: SessionSource = { on: (_event, listener) => void listeners.push(listener) };
    denyPermissionsInEverySession(app);
    const { session, set } = fakeSession();
    for (const listener of listeners) listener(session);
    const answers: boolean[] = [];
    set.request?.({}, 'media', (granted) => void answers.push(granted));
    expect(answers).toEqual([false]);
    expect(set.check?.({}, 'media')).toBe(false);
  });
});
