// A stream's own page: `#/streams/<source id>/<stream name>`, both parts percent-encoded (WMSPanel
// stream names are whole URLs, slashes included).

export interface StreamRef {
  sourceId: string;
  stream: string;
}

export function streamHash(ref: StreamRef): string {
  return `#/streams/${encodeURIComponent(ref.sourceId)}/${encodeURIComponent(ref.stream)}`;
}

/** The stream a path after `#/streams/` names ("pili/cam%2F1"), or null when it names none. */
export function parseStreamPath(path: string): StreamRef | null {
  const clean = path.replace(/^\/+/, '').split('?')[0] ?? '';
  const slash = clean.indexOf('/');
  if (slash <= 0 || slash === clean.length - 1) return null;
  try {
    const sourceId = decodeURIComponent(clean.slice(0, slash));
    const stream = decodeURIComponent(clean.slice(slash + 1));
    return sourceId === '' ? null : { sourceId, stream };
  } catch {
    return null;
  }
}
