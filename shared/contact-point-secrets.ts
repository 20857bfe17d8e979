import type { ContactPoint, ContactPointType } from './contact-points.ts';

// A contact point's secret (`<id>:notify`) is given for one destination. These rules are shared by the core,
// which drops a secret that would otherwise follow a repointed point, and by Settings, which warns before
// saving. See docs/contact-points.md, "Secrets".

/** `https://Hooks.example.com/x/` and `https://hooks.example.com/x` are the same destination. */
function normalizedUrl(url: string | undefined): string {
  if (url === undefined) return '';
  try {
    return new URL(url).href.replace(/\/+$/, '');
  } catch {
    return url;
  }
}

/** Where a point's secret travels: its type, its address (url, baseUrl) and, for e-mail, the SMTP server. */
export function pointCustodyKey(point: ContactPoint): string {
  const url = 'url' in point ? point.url : undefined;
  const smtp = point.type === 'email' ? point.smtp.host.toLowerCase() : '';
  return JSON.stringify([point.type, normalizedUrl(url), normalizedUrl(point.baseUrl), smtp]);
}

/** Whether saving `next` over `previous` sends the stored secret somewhere it was not given for. */
export function pointSecretInvalidated(previous: ContactPoint | undefined, next: ContactPoint): boolean {
  return previous !== undefined && pointCustodyKey(previous) !== pointCustodyKey(next);
}

/** What a point's secret is, to label the write-only field and word messages about it. */
export type PointSecretKind =
  | 'signingSecret'
  | 'webhookUrl'
  | 'botToken'
  | 'smtpPassword'
  | 'routingKey'
  | 'accessToken'
  | 'basicAuthPassword';

export const POINT_SECRET_KIND: Record<ContactPointType, PointSecretKind> = {
  webhook: 'signingSecret',
  slack: 'webhookUrl',
  discord: 'webhookUrl',
  teams: 'webhookUrl',
  dingtalk: 'webhookUrl',
  wecom: 'webhookUrl',
  feishu: 'webhookUrl',
  telegram: 'botToken',
  email: 'smtpPassword',
  ntfy: 'accessToken',
  pagerduty: 'routingKey',
  alertmanager: 'basicAuthPassword',
};

export const POINT_SECRET_WORDS: Record<PointSecretKind, string> = {
  signingSecret: 'signing secret',
  webhookUrl: 'incoming-webhook URL',
  botToken: 'bot token',
  smtpPassword: 'SMTP password',
  routingKey: 'routing key',
  accessToken: 'access token',
  basicAuthPassword: 'basic-auth password',
};

/** Why a secret cannot work for its type, caught before it is stored; null when it looks right. */
export type PointSecretProblem = 'signingSecretFormat' | 'webhookUrlFormat' | 'whitespace';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function pointSecretProblem(type: ContactPointType, secret: string): PointSecretProblem | null {
  const kind = POINT_SECRET_KIND[type];
  // Keys, tokens and URLs never hold spaces, so a pasted newline or space is a mistake; a password may.
  const password = kind === 'smtpPassword' || kind === 'basicAuthPassword';
  if (/[\r\n]/.test(secret) || (!password && secret.trim() !== secret)) return 'whitespace';
  if (kind === 'signingSecret') {
    const key = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : '';
    return key.length >= 4 && BASE64.test(key) ? null : 'signingSecretFormat';
  }
  if (kind === 'webhookUrl') {
    try {
      const url = new URL(secret);
      return url.protocol === 'https:' || url.protocol === 'http:' ? null : 'webhookUrlFormat';
    } catch {
      return 'webhookUrlFormat';
    }
  }
  return null;
}

export const POINT_SECRET_PROBLEM_WORDS: Record<PointSecretProblem, string> = {
  signingSecretFormat: 'the signing secret must look like whsec_ followed by base64 (as the receiver issued it)',
  webhookUrlFormat: 'expected the incoming-webhook URL the service issued, such as https://hooks.slack.com/services/…',
  whitespace: 'the secret contains a line break or starts or ends with spaces; paste it again without them',
};
