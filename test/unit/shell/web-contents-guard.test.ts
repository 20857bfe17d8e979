import { describe, expect, it } from 'vitest';
import {
  guardAllWebContents,
  type GuardableWebContents,
  type NavigationEventLike,
  type WebContentsSource,
} from '../../../electron/shell/web-contents-guard.ts';

const APP_URL = 'app://streamtray/index.html';

type Listener = (event: never) => void;

function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents: GuardableWebContents = {
    setWindowOpenHandler: (handler) => void (openHandler = handler),
    on: (event: string, listener: Listener) =>
      void listeners.set(event, [...(listeners.get(event) ?? []), listener]),
  };
  const fire = <E extends { preventDefault(): void }>(event: string, payload: E): E => {
    for (const listener of listeners.get(event) ?? []) listener(payload as never);
    return payload;
  };
  return { contents, fire, openWindow: (url: string) => openHandler?.({ url }), listeners };
}

function event(url = ''): NavigationEventLike & { prevented: boolean } {
  return {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

function setup() {
  const created: Array<(event: unknown, contents: GuardableWebContents) => void> = [];
  const app: WebContentsSource = { on: (_name, listener) => void created.push(listener) };
  const opened: string[] = [];
  const logs: string[] = [];
  guardAllWebContents(app, {
    appUrl: APP_URL,
    openExternal: (url) => void opened.push(url),
    log: (message) => void logs.push(message),
  });
  const make = () => {
    const fake = fakeContents();
    for (const listener of created) listener({}, fake.contents);
    return fake;
  };
  return { make, opened, logs };
}

describe('guard for every web contents', () => {
  it('guards a second web contents exactly like the dashboard', () => {
    const { make } = setup();
    const dashboard = make();
    const other = make();
    for (const fake of [dashboard, other]) {
      expect(fake.fire('will-attach-webview', event()).prevented).toBe(true);
      expect(fake.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
      expect(fake.fire('will-navigate', event('https://evil.example/')).prevented).toBe(true);
      expect(fake.fire('will-redirect', event('https://evil.example/')).prevented).toBe(true);
    }
  });

  it('never attaches a <webview>, and says why in the log', () => {
    const { make, logs } = setup();
    expect(make().fire('will-attach-webview', event()).prevented).toBe(true);
    expect(logs.join()).toMatch(/webview/);
  });

  it('denies every new window, sending only allowed https links to the browser', () => {
    const { make, opened } = setup();
    const fake = make();
    for (const url of [
      'https://wmspanel.com/docs',
      'https://evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      expect(fake.openWindow(url)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://wmspanel.com/docs']);
  });

  it('keeps the page on the dashboard but lets it reload and change routes', () => {
    const { make, opened } = setup();
    const fake = make();
    expect(fake.fire('will-navigate', event('file:///home/user/.ssh/id_rsa')).prevented).toBe(true);
    expect(fake.fire('will-navigate', event('app://other/index.html')).prevented).toBe(true);
    expect(fake.fire('will-navigate', event('https://portal.qiniu.com/')).prevented).toBe(true);
    expect(opened).toEqual(['https://portal.qiniu.com/']);
    expect(fake.fire('will-navigate', event(`${APP_URL}#/incidents`)).prevented).toBe(false);
    expect(fake.fire('will-redirect', event('app://streamtray/index.html')).prevented).toBe(false);
  });

  it('does not follow a redirect out of the app, even to an allowed site', () => {
    const { make, opened } = setup();
    expect(make().fire('will-redirect', event('https://wmspanel.com/')).prevented).toBe(true);
    expect(opened).toEqual([]);
  });
});
