// Which links the dashboard may hand to the operator's browser. shell.openExternal runs whatever the OS
// associates with a URL, so only https pages we know are offered: the provider consoles an operator
// works in and the project's documentation. Anything else is refused and logged (docs/desktop-security.md).

export interface AllowedSite {
  /** The registered domain; its subdomains are allowed too. */
  domain: string;
  /** Only paths under this prefix, where one domain hosts other people's pages too. */
  pathPrefix?: string;
}

export const EXTERNAL_ALLOW_LIST: readonly AllowedSite[] = [
  // WMSPanel: the console and its API and push-notification docs.
  { domain: 'wmspanel.com' },
  // ScaleEngine: the control panel and the API's host.
  { domain: 'scaleengine.com' },
  { domain: 'scaleengine.net' },
  // Qiniu: the portal (Pili hubs) and the developer docs.
  { domain: 'qiniu.com' },
  // The project's own docs.
  { domain: 'github.com', pathPrefix: '/streamtray/' },
];

function siteAllows(site: AllowedSite, url: URL): boolean {
  const host = url.hostname.toLowerCase();
  if (host !== site.domain && !host.endsWith(`.${site.domain}`)) return false;
  return site.pathPrefix === undefined || url.pathname.startsWith(site.pathPrefix);
}

/** Why a link may not leave the app, or null when it may. Never echoes the URL (it may carry tokens). */
export function externalLinkRefusal(
  raw: string,
  allowList: readonly AllowedSite[] = EXTERNAL_ALLOW_LIST,
): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return `only https links open in the browser (this one is ${url.protocol})`;
  if (url.username !== '' || url.password !== '') return 'a link with a user name or password in it';
  if (url.port !== '') return 'a link to a non-standard port';
  if (!allowList.some((site) => siteAllows(site, url))) {
    return `${url.hostname} is not a provider console or the Streamtray docs`;
  }
  return null;
}

export function isAllowedExternalUrl(raw: string, allowList?: readonly AllowedSite[]): boolean {
  return externalLinkRefusal(raw, allowList) === null;
}

/** Opens an allowed link in the browser; refuses (and logs) any other. */
export function openAllowedExternal(
  url: string,
  deps: { openExternal: (url: string) => void | Promise<void>; log?: (message: string) => void },
): boolean {
  const refusal = externalLinkRefusal(url);
  if (refusal !== null) {
    deps.log?.(`did not open a link in the browser: ${refusal}`);
    return false;
  }
  void Promise.resolve(deps.openExternal(url)).catch((error: unknown) =>
    deps.log?.(
      `cannot open a link in the browser: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
  return true;
}
