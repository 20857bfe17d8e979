// The dashboard needs no browser permission: no camera, microphone, geolocation, clipboard reads, HID or
// serial devices, and no notifications from the page (the shell shows those natively). Both the request
// handler (a page asks) and the check handler (a page queries, e.g. navigator.permissions) answer no.

export interface PermissionSessionLike {
  setPermissionRequestHandler(
    handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
}

function refuseRequest(_contents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

function refuseCheck(): boolean {
  return false;
}

export function denyAllPermissions(session: PermissionSessionLike): void {
  session.setPermissionRequestHandler(refuseRequest);
  session.setPermissionCheckHandler(refuseCheck);
  session.setDevicePermissionHandler(refuseCheck);
}

export interface SessionSource {
  on(event: 'session-created', listener: (session: PermissionSessionLike) => void): unknown;
}

/** Every session the app ever makes (a future partition, a devtools profile) refuses the same way. */
export function denyPermissionsInEverySession(app: SessionSource): void {
  app.on('session-created', denyAllPermissions);
}
