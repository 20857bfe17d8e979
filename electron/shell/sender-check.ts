// Who may call the Bridge over IPC: only the top frame of one of our own windows showing our own page.
// A page that navigated elsewhere, an iframe, or any other webContents is dropped (fiddle's rule).

export interface SenderFrameLike {
  url: string;
  /** null for a top frame. */
  parent: unknown;
}

export interface SenderEventLike {
  sender: { id: number };
  senderFrame: SenderFrameLike | null;
}

/**
 * True when `url` is on the app page's origin: app://streamtray for the built dashboard, the dev server's
 * scheme, host and port in development. Compared by scheme and host because a custom scheme's URL has an
 * opaque ("null") origin in Node's URL parser, and every such URL would otherwise look alike.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let candidate: URL;
  let app: URL;
  try {
    candidate = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') return false;
  return candidate.protocol === app.protocol && candidate.host === app.host && candidate.host !== '';
}

export function createSenderCheck(options: {
  appUrl: string;
  /** webContents ids of our windows, right now. */
  windowIds: () => readonly number[];
}): (event: SenderEventLike) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (!options.windowIds().includes(event.sender.id)) return false;
    return isAppUrl(frame.url, options.appUrl);
  };
}

/** A URL fit for a log line: no query or fragment, which may carry tokens. */
export function loggableUrl(url: string | undefined): string {
  if (!url) return '(no frame)';
  return url.replace(/[?#].*$/, '');
}
