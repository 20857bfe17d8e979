import { openAllowedExternal } from './external-links.ts';
import { isAppUrl } from './sender-check.ts';

// One guard for every web contents the app ever creates (the dashboard, a devtools page, anything a
// future feature or a compromised page manages to open): no <webview>, no new windows, no navigation or
// redirect off our own page. Links to allowed https sites go to the operator's browser instead.

export interface NavigationEventLike {
  url: string;
  preventDefault(): void;
}

export interface PreventableEventLike {
  preventDefault(): void;
}

/** The part of Electron's WebContents the guard touches. */
export interface GuardableWebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEventLike) => void): unknown;
}

/** The part of Electron's app that announces new web contents. */
export interface WebContentsSource {
  on(
    event: 'web-contents-created',
    listener: (event: unknown, contents: GuardableWebContents) => void,
  ): unknown;
}

export interface GuardOptions {
  /** The dashboard's URL: navigation within its origin (a reload, a route) stays allowed. */
  appUrl: string;
  openExternal: (url: string) => void | Promise<void>;
  log?: (message: string) => void;
}

export function guardWebContents(contents: GuardableWebContents, options: GuardOptions): void {
  const external = { openExternal: options.openExternal, ...(options.log ? { log: options.log } : {}) };
  contents.on('will-attach-webview', function refuseWebview(event) {
    event.preventDefault();
    options.log?.('refused to attach a <webview>: the app embeds no other pages');
  });
  contents.setWindowOpenHandler(function refuseNewWindow({ url }) {
    openAllowedExternal(url, external);
    return { action: 'deny' };
  });
  contents.on('will-navigate', function keepOnAppPage(event) {
    if (isAppUrl(event.url, options.appUrl)) return;
    event.preventDefault();
    openAllowedExternal(event.url, external);
  });
  contents.on('will-redirect', function refuseRedirectAway(event) {
    if (isAppUrl(event.url, options.appUrl)) return;
    event.preventDefault();
    options.log?.('refused a redirect away from the dashboard');
  });
}

/** Call before the first window exists, so nothing is created unguarded. */
export function guardAllWebContents(app: WebContentsSource, options: GuardOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, options));
}
