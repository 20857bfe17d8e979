import type { z } from 'zod';
import {
  POINT_SECRET_KIND,
  POINT_SECRET_PROBLEM_WORDS,
  pointSecretInvalidated,
  pointSecretProblem,
  type PointSecretKind,
  type PointSecretProblem,
} from '../../shared/contact-point-secrets.ts';
import type {
  SEVERITIES} from '../../shared/contact-points.ts';
import {
  CHAT_WEBHOOK_TYPES,
  contactPointSchema,
  type ContactPoint,
  type ContactPointType,
} from '../../shared/contact-points.ts';
import type { ContactPointView, ContactTestResult, DeliveryView } from '../../shared/notify-status.ts';
import { formatIssues, PARSE_PARAMS } from '../../shared/schema-errors.ts';
import type { Translate } from '../i18n/translate.ts';

// Settings → Contact points without React: the form as typed text, turned into the saveContactPoint
// request by the same schema the core validates with, and every problem pinned to the field it is about,
// with a code the view words in the operator's language.

export const POINT_TYPES: readonly ContactPointType[] = [
  'webhook',
  ...CHAT_WEBHOOK_TYPES,
  'telegram',
  'email',
  'ntfy',
  'pagerduty',
  'alertmanager',
];

export type Severity = (typeof SEVERITIES)[number];

/** Every field as typed; the secret is write-only and never pre-filled. */
export interface PointForm {
  type: ContactPointType;
  id: string;
  name: string;
  minSeverity: Severity;
  /** Source ids, comma-separated; empty: every source. */
  sources: string;
  repeatMinutes: string;
  ignoreQuietHours: boolean;
  baseUrl: string;
  url: string;
  chatId: string;
  smtpHost: string;
  smtpPort: string;
  smtpSecure: boolean;
  smtpUser: string;
  from: string;
  /** Addresses, comma-separated. */
  to: string;
  user: string;
  secret: string;
}

export type PointTextField = Exclude<keyof PointForm, 'type' | 'minSeverity' | 'ignoreQuietHours' | 'smtpSecure'>;
/** A form field, or `form` for a problem no single field owns. */
export type PointField = keyof PointForm | 'form';

/** The fields each type needs besides the common ones (id, name, severity, sources, repeat, quiet hours). */
export const TYPE_FIELDS: Record<ContactPointType, readonly (keyof PointForm)[]> = {
  webhook: ['url'],
  slack: [],
  discord: [],
  teams: [],
  dingtalk: [],
  wecom: [],
  feishu: [],
  telegram: ['chatId', 'baseUrl'],
  email: ['smtpHost', 'smtpPort', 'smtpSecure', 'smtpUser', 'from', 'to'],
  ntfy: ['url'],
  pagerduty: ['baseUrl'],
  alertmanager: ['url', 'user'],
};

export function emptyPointForm(type: ContactPointType = 'webhook'): PointForm {
  return {
    type,
    id: '',
    name: '',
    minSeverity: 'warning',
    sources: '',
    repeatMinutes: '30',
    ignoreQuietHours: false,
    baseUrl: '',
    url: '',
    chatId: '',
    smtpHost: '',
    smtpPort: '587',
    smtpSecure: false,
    smtpUser: '',
    from: '',
    to: '',
    user: '',
    secret: '',
  };
}

/** The form for editing a configured point; its secret stays empty (we never see it). */
export function formFromPoint(point: ContactPoint): PointForm {
  const form: PointForm = {
    ...emptyPointForm(point.type),
    id: point.id,
    name: point.name ?? '',
    minSeverity: point.minSeverity,
    sources: (point.sources ?? []).join(', '),
    repeatMinutes: String(point.repeatMinutes),
    ignoreQuietHours: point.ignoreQuietHours,
    baseUrl: point.baseUrl ?? '',
  };
  switch (point.type) {
    case 'webhook':
    case 'ntfy':
      return { ...form, url: point.url };
    case 'alertmanager':
      return { ...form, url: point.url, user: point.user ?? '' };
    case 'telegram':
      return { ...form, chatId: String(point.chatId) };
    case 'email':
      return {
        ...form,
        smtpHost: point.smtp.host,
        smtpPort: String(point.smtp.port),
        smtpSecure: point.smtp.secure,
        smtpUser: point.smtp.user ?? '',
        from: point.from,
        to: point.to.join(', '),
      };
    default:
      return form;
  }
}

/** Why a field is wrong, as a code the view words; `detail` is the core's English words for `other`. */
export type FieldProblem =
  | { code: 'required' | 'empty' | 'notNumber' | 'notWhole' | 'url' | 'httpsRequired' | 'idFormat' | 'listEmpty' }
  | { code: 'tooSmall'; limit: number }
  | { code: 'tooBig'; limit: number }
  | { code: 'unknownSource'; id: string }
  | { code: 'secret'; problem: PointSecretProblem }
  | { code: 'other'; detail: string };

export interface FieldError {
  field: PointField;
  problem: FieldProblem;
}

export type SaveContactPointRequest = { point: ContactPoint; secret?: string };
export type PointFormResult = { ok: true; request: SaveContactPointRequest } | { ok: false; errors: FieldError[] };

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
const list = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
/** Digits become a number; anything else stays text so the schema names it ("expected number"). */
const whole = (value: string): number | string => (/^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value.trim());

function typeFields(form: PointForm): Record<string, unknown> {
  switch (form.type) {
    case 'webhook':
    case 'ntfy':
      return { url: form.url.trim() };
    case 'alertmanager':
      return { url: form.url.trim(), user: optional(form.user) };
    case 'telegram':
      // Numeric chat ids (groups are negative) are numbers; "@channelname" stays text.
      return { chatId: /^-?\d+$/.test(form.chatId.trim()) ? Number(form.chatId.trim()) : form.chatId.trim() };
    case 'email':
      return {
        smtp: dropUndefined({
          host: form.smtpHost.trim(),
          port: form.smtpPort.trim() === '' ? undefined : whole(form.smtpPort),
          secure: form.smtpSecure,
          user: optional(form.smtpUser),
        }),
        from: form.from.trim(),
        to: list(form.to),
      };
    default:
      return {};
  }
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

const SMTP_FIELDS: Record<string, PointField> = { host: 'smtpHost', port: 'smtpPort', secure: 'smtpSecure', user: 'smtpUser' };
const FORM_FIELDS = new Set<string>(Object.keys(emptyPointForm()));

/** The form field a schema path is about: `['smtp', 'port']` → smtpPort, `['to', 2]` → to. */
export function fieldOfPath(path: readonly PropertyKey[]): PointField {
  const [head, next] = path;
  if (head === 'smtp') return typeof next === 'string' ? (SMTP_FIELDS[next] ?? 'smtpHost') : 'smtpHost';
  if (typeof head === 'string' && FORM_FIELDS.has(head)) return head as keyof PointForm;
  return 'form';
}

function problemOfIssue(issue: z.core.$ZodIssue, text: string): FieldProblem {
  if (issue.code === 'invalid_type' && issue.input === undefined) return { code: 'required' };
  if (issue.code === 'invalid_type' && issue.expected === 'number') return { code: 'notNumber' };
  if (issue.code === 'invalid_type' && issue.expected === 'int') return { code: 'notWhole' };
  if (issue.code === 'too_small' && issue.origin === 'string') return { code: 'empty' };
  if (issue.code === 'too_small' && issue.origin === 'array') return { code: 'listEmpty' };
  if (issue.code === 'too_small') return { code: 'tooSmall', limit: Number(issue.minimum) };
  if (issue.code === 'too_big' && issue.origin === 'number') return { code: 'tooBig', limit: Number(issue.maximum) };
  if (issue.code === 'invalid_format' && issue.format === 'regex') return { code: 'idFormat' };
  if (issue.code === 'custom' && issue.message.startsWith('https is required')) return { code: 'httpsRequired' };
  if (issue.code === 'custom' && issue.message.startsWith('expected an absolute URL')) return { code: 'url' };
  return { code: 'other', detail: text.replace(/^[^:]*: /, '') };
}

/**
 * Turns the form into the saveContactPoint request, validated by the schema the core uses, so the
 * operator sees what is wrong next to the field before anything is sent. An empty secret keeps the stored one.
 */
export function pointFormToRequest(form: PointForm): PointFormResult {
  const draft = dropUndefined({
    id: form.id.trim(),
    type: form.type,
    name: optional(form.name),
    minSeverity: form.minSeverity,
    sources: list(form.sources).length > 0 ? list(form.sources) : undefined,
    repeatMinutes: form.repeatMinutes.trim() === '' ? undefined : whole(form.repeatMinutes),
    ignoreQuietHours: form.ignoreQuietHours,
    // Kept for every type when present: a point edited here must not lose what its config file says.
    baseUrl: optional(form.baseUrl),
    ...typeFields(form),
  });
  const errors: FieldError[] = [];
  const parsed = contactPointSchema.safeParse(draft, PARSE_PARAMS);
  if (!parsed.success) {
    const texts = formatIssues(parsed.error);
    parsed.error.issues.forEach((issue, index) => {
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
      errors.push({ field: fieldOfPath(path), problem: problemOfIssue(issue, texts[index] ?? issue.message) });
    });
  }
  const secretProblem = form.secret === '' ? null : pointSecretProblem(form.type, form.secret);
  if (secretProblem !== null) errors.push({ field: 'secret', problem: { code: 'secret', problem: secretProblem } });
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  return { ok: true, request: { point: parsed.data, ...(form.secret !== '' ? { secret: form.secret } : {}) } };
}

/**
 * The core's refusal, pinned to fields where it names one: `saveContactPoint: point.url: …`,
 * `notify[3].sources[0]: no source "x"`, `secret: …`. Anything else is a form-level error, word for word.
 */
export function errorsFromServer(message: string): FieldError[] {
  const body = message.replace(/^saveContactPoint: /, '');
  return body
    .split(/;\s+|\n/)
    .filter((line) => line.trim() !== '')
    .map((line): FieldError => {
      const match = /^(?:point\.|notify\[\d+\]\.)?([A-Za-z]+(?:\.[A-Za-z]+)?)(?:\[\d+\])?: (.+)$/.exec(line);
      if (!match?.[1] || match[2] === undefined) return { field: 'form', problem: { code: 'other', detail: line } };
      const field = fieldOfPath(match[1].split('.'));
      const detail = match[2];
      if (field === 'form') return { field, problem: { code: 'other', detail: line } };
      const source = /^no source "(.+)"$/.exec(detail);
      if (source?.[1] !== undefined) return { field, problem: { code: 'unknownSource', id: source[1] } };
      const secret = (Object.keys(POINT_SECRET_PROBLEM_WORDS) as PointSecretProblem[]).find(
        (key) => POINT_SECRET_PROBLEM_WORDS[key] === detail,
      );
      if (field === 'secret' && secret !== undefined) return { field, problem: { code: 'secret', problem: secret } };
      return { field, problem: { code: 'other', detail } };
    });
}

/** A field's problem in the operator's language. */
export function problemText(problem: FieldProblem, t: Translate): string {
  switch (problem.code) {
    case 'tooSmall':
    case 'tooBig':
      return t(`points.error.${problem.code}`, { limit: problem.limit });
    case 'unknownSource':
      return t('points.error.unknownSource', { id: problem.id });
    case 'secret':
      return t(`points.error.${problem.problem}`);
    case 'other':
      return t('points.error.other', { detail: problem.detail });
    default:
      return t(`points.error.${problem.code}`);
  }
}

/** The errors of one field, for showing next to it. */
export function errorsFor(errors: readonly FieldError[], field: PointField): FieldProblem[] {
  return errors.filter((error) => error.field === field).map((error) => error.problem);
}

/** What the point's secret is (the label of its write-only field). */
export function secretKindOf(type: ContactPointType): PointSecretKind {
  return POINT_SECRET_KIND[type];
}

export type SecretBadge = 'set' | 'notSet' | 'optional' | 'unknown';

/** The write-only secret's state as shown: set, not set (needed), not set (optional), keychain unavailable. */
export function secretBadgeOf(view: Pick<ContactPointView, 'secretSet' | 'secretRequired'>): SecretBadge {
  if (view.secretSet === null) return 'unknown';
  if (view.secretSet) return 'set';
  return view.secretRequired ? 'notSet' : 'optional';
}

/**
 * Whether saving this request drops the stored secret (another type, address or server and no new
 * secret given), so the form can say so before the operator saves.
 */
export function willDropSecret(view: ContactPointView | null, request: SaveContactPointRequest): boolean {
  if (view === null || view.secretSet !== true || request.secret !== undefined) return false;
  return pointSecretInvalidated(view.point, request.point);
}

export interface DeliveryLine {
  state: DeliveryView['state'];
  /** When it was sent, or when the next attempt is due (pending, retrying); null otherwise. */
  at: number | null;
  /** Why the last attempt did not go out, in the service's words (failed, retrying). */
  reason: string | null;
}

/** One recent delivery as the list shows it. */
export function deliveryLine(delivery: DeliveryView): DeliveryLine {
  const at =
    delivery.state === 'sent'
      ? delivery.sentAt
      : delivery.state === 'pending' || delivery.state === 'retrying'
        ? delivery.nextAttemptAt
        : null;
  const statusText = delivery.lastStatus === null ? null : String(delivery.lastStatus);
  const reason =
    delivery.state === 'sent' ? null : (delivery.lastError ?? (statusText === null ? null : `HTTP ${statusText}`));
  return { state: delivery.state, at, reason };
}

/** A test's outcome as shown: the status line and the service's answer verbatim. */
export function testOutcome(result: ContactTestResult): { ok: boolean; status: string | null; answer: string; error: string | null } {
  return {
    ok: result.ok,
    status: result.status === null ? null : String(result.status),
    answer: result.answer,
    error: result.ok ? null : result.error,
  };
}
