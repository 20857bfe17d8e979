// Secrets never reach a log, an error or the dashboard: a chat webhook URL or a bot token can show up in a
// network error or in a service's answer, so every text a sender returns goes through here.

const MIN_SECRET_LENGTH = 4;

/** `text` with every occurrence of each secret (and of its URL-encoded form) replaced by `[secret]`. */
export function redactSecrets(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === null || secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('[secret]');
    // A URL secret is often echoed without its query or as its path alone.
    const url = URL.canParse(secret) ? new URL(secret) : null;
    if (url && url.pathname.length > 8) out = out.split(url.pathname).join('/[secret]');
  }
  return out;
}

/** Long answers (an HTML error page) are cut, keeping what names the problem. */
export function truncateAnswer(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
