import { describe, expect, it } from 'vitest';
import { contactPointSchema } from '../../../../shared/contact-points.ts';
import type { ContactPointView, DeliveryView } from '../../../../shared/notify-status.ts';
import {
  deliveryLine,
  emptyPointForm,
  errorsFor,
  errorsFromServer,
  formFromPoint,
  POINT_TYPES,
  pointFormToRequest,
  problemText,
  secretBadgeOf,
  secretKindOf,
  TYPE_FIELDS,
  willDropSecret,
} from '../../../../renderer/logic/contact-point-form.ts';
import { stringsEn } from '../../../../renderer/i18n/strings-en.ts';
import { translator } from '../../../../renderer/i18n/translate.ts';

// The contact-point form in Settings: what the operator types becomes exactly the point the core stores,
// and every mistake is shown next to the field it is about, in the operator's language.

const SIGNING = `whsec_${Buffer.from('test signing key, 32 bytes long!').toString('base64')}`;

function viewOf(request: ReturnType<typeof pointFormToRequest>, secretSet: boolean | null): ContactPointView {
  if (!request.ok) throw new Error('invalid form in test');
  return { point: request.request.point, secretSet, secretRequired: true, pending: 0, failed: 0, lastDelivery: null };
}

describe('building a contact point from the form', () => {
  it('builds a webhook point with defaults and sends the secret only when typed', () => {
    const result = pointFormToRequest({
      ...emptyPointForm('webhook'),
      id: 'oncall',
      name: '  On-call router ',
      url: ' https://ops.example.com/hooks/streamtray ',
      secret: SIGNING,
    });
    expect(result).toEqual({
      ok: true,
      request: {
        point: {
          id: 'oncall',
          type: 'webhook',
          name: 'On-call router',
          url: 'https://ops.example.com/hooks/streamtray',
          minSeverity: 'warning',
          repeatMinutes: 30,
          ignoreQuietHours: false,
        },
        secret: SIGNING,
      },
    });
    const kept = pointFormToRequest({ ...emptyPointForm('webhook'), id: 'oncall', url: 'https://ops.example.com/h' });
    expect(kept.ok && 'secret' in kept.request).toBe(false);
  });

  it('builds an e-mail point with its SMTP server, port as a number and a list of recipients', () => {
    const result = pointFormToRequest({
      ...emptyPointForm('email'),
      id: 'mail',
      smtpHost: 'smtp.example.com',
      smtpPort: '465',
      smtpSecure: true,
      smtpUser: 'alerts@example.com',
      from: 'Streamtray <alerts@example.com>',
      to: 'oncall@example.com, boss@example.com,',
      sources: 'wms, pili',
      minSeverity: 'critical',
      repeatMinutes: '0',
      ignoreQuietHours: true,
    });
    expect(result.ok && result.request.point).toEqual({
      id: 'mail',
      type: 'email',
      smtp: { host: 'smtp.example.com', port: 465, secure: true, user: 'alerts@example.com' },
      from: 'Streamtray <alerts@example.com>',
      to: ['oncall@example.com', 'boss@example.com'],
      sources: ['wms', 'pili'],
      minSeverity: 'critical',
      repeatMinutes: 0,
      ignoreQuietHours: true,
    });
  });

  it('keeps a numeric Telegram chat id a number and a channel name text', () => {
    const group = pointFormToRequest({ ...emptyPointForm('telegram'), id: 'phone', chatId: '-1001234567890' });
    expect(group.ok && group.request.point).toMatchObject({ chatId: -1001234567890 });
    const channel = pointFormToRequest({ ...emptyPointForm('telegram'), id: 'phone', chatId: '@noc_alerts' });
    expect(channel.ok && channel.request.point).toMatchObject({ chatId: '@noc_alerts' });
  });

  it('round-trips every type through the edit form unchanged', () => {
    const points = [
      { id: 'a', type: 'webhook', url: 'https://ops.example.com/h' },
      { id: 'b', type: 'slack' },
      { id: 'c', type: 'feishu', name: '值班群', sources: ['wms'] },
      { id: 'd', type: 'telegram', chatId: 42, baseUrl: 'https://tg.example.com' },
      { id: 'e', type: 'email', smtp: { host: 'smtp.example.com', port: 587, secure: false }, from: 'a@example.com', to: ['b@example.com'] },
      { id: 'f', type: 'ntfy', url: 'https://ntfy.sh/topic' },
      { id: 'g', type: 'pagerduty', minSeverity: 'critical', repeatMinutes: 10 },
      { id: 'h', type: 'alertmanager', url: 'https://am.example.com', user: 'ops', ignoreQuietHours: true },
    ];
    for (const raw of points) {
      const point = contactPointSchema.parse(raw);
      expect(pointFormToRequest(formFromPoint(point)), raw.id).toEqual({ ok: true, request: { point } });
    }
    expect(new Set(POINT_TYPES).size).toBe(12);
  });
});

describe('showing mistakes next to their fields', () => {
  it('pins each schema problem to the field the operator typed it in', () => {
    const result = pointFormToRequest({
      ...emptyPointForm('email'),
      id: 'bad id!',
      smtpHost: ' ',
      smtpPort: '70000',
      from: 'a@example.com',
      to: '',
      repeatMinutes: 'soon',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(errorsFor(result.errors, 'id')).toEqual([{ code: 'idFormat' }]);
    expect(errorsFor(result.errors, 'smtpHost')).toEqual([{ code: 'empty' }]);
    expect(errorsFor(result.errors, 'smtpPort')).toEqual([{ code: 'tooBig', limit: 65535 }]);
    expect(errorsFor(result.errors, 'to')).toEqual([{ code: 'listEmpty' }]);
    expect(errorsFor(result.errors, 'repeatMinutes')).toEqual([{ code: 'notNumber' }]);
    expect(errorsFor(result.errors, 'form')).toEqual([]);
  });

  it('asks for https towards other machines and a whsec_ signing secret, never echoing the secret', () => {
    const result = pointFormToRequest({
      ...emptyPointForm('webhook'),
      id: 'oncall',
      url: 'http://ops.example.com/hook',
      secret: 'TOPSECRET-not-whsec',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(errorsFor(result.errors, 'url')).toEqual([{ code: 'httpsRequired' }]);
    expect(errorsFor(result.errors, 'secret')).toEqual([{ code: 'secret', problem: 'signingSecretFormat' }]);
    expect(JSON.stringify(result.errors)).not.toContain('TOPSECRET');
  });

  it('accepts plain http to this machine (a local receiver)', () => {
    const result = pointFormToRequest({ ...emptyPointForm('webhook'), id: 'local', url: 'http://127.0.0.1:8080/h' });
    expect(result.ok).toBe(true);
  });

  it('wants a chat point’s secret to be the webhook URL the service issued', () => {
    const result = pointFormToRequest({ ...emptyPointForm('dingtalk'), id: 'ding', secret: 'just-a-token' });
    expect(!result.ok && errorsFor(result.errors, 'secret')).toEqual([{ code: 'secret', problem: 'webhookUrlFormat' }]);
    const good = pointFormToRequest({
      ...emptyPointForm('dingtalk'),
      id: 'ding',
      secret: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
    });
    expect(good.ok).toBe(true);
  });

  it('catches a token pasted with a trailing newline, but lets a password keep its spaces', () => {
    const token = pointFormToRequest({ ...emptyPointForm('telegram'), id: 'phone', chatId: '42', secret: '123:ABC\n' });
    expect(!token.ok && errorsFor(token.errors, 'secret')).toEqual([{ code: 'secret', problem: 'whitespace' }]);
    const password = pointFormToRequest({
      ...emptyPointForm('email'),
      id: 'mail',
      smtpHost: 'smtp.example.com',
      smtpUser: 'u',
      from: 'a@example.com',
      to: 'b@example.com',
      secret: ' pass phrase ',
    });
    expect(password.ok && password.request.secret).toBe(' pass phrase ');
  });

  it('pins the core’s refusals to fields, and keeps other words as they came', () => {
    expect(errorsFromServer('saveContactPoint: point.url: https is required unless the host is a loopback address; point.smtp.port: must be at most 65535')).toEqual([
      { field: 'url', problem: { code: 'other', detail: 'https is required unless the host is a loopback address' } },
      { field: 'smtpPort', problem: { code: 'other', detail: 'must be at most 65535' } },
    ]);
    expect(errorsFromServer('notify[2].sources[0]: no source "edge"')).toEqual([
      { field: 'sources', problem: { code: 'unknownSource', id: 'edge' } },
    ]);
    expect(
      errorsFromServer('secret: the signing secret must look like whsec_ followed by base64 (as the receiver issued it)'),
    ).toEqual([{ field: 'secret', problem: { code: 'secret', problem: 'signingSecretFormat' } }]);
    const keychain = 'contact point "x" was not saved: nothing was changed, because the OS keychain is unavailable (D-Bus)';
    expect(errorsFromServer(keychain)).toEqual([{ field: 'form', problem: { code: 'other', detail: keychain } }]);
  });

  it('words every problem in both languages', () => {
    const en = translator('en');
    const zh = translator('zh-CN');
    expect(problemText({ code: 'tooBig', limit: 65535 }, en)).toBe('Must be at most 65535.');
    expect(problemText({ code: 'tooBig', limit: 65535 }, zh)).toBe('不能大于 65535。');
    expect(problemText({ code: 'unknownSource', id: 'edge' }, zh)).toBe('没有 ID 为“edge”的数据源。');
    expect(problemText({ code: 'secret', problem: 'signingSecretFormat' }, en)).toContain('whsec_');
  });
});

describe('the write-only secret', () => {
  it('labels the secret for what each type needs', () => {
    expect(secretKindOf('webhook')).toBe('signingSecret');
    expect(secretKindOf('slack')).toBe('webhookUrl');
    expect(secretKindOf('telegram')).toBe('botToken');
    expect(secretKindOf('email')).toBe('smtpPassword');
    expect(secretKindOf('pagerduty')).toBe('routingKey');
    expect(secretKindOf('ntfy')).toBe('accessToken');
    for (const type of POINT_TYPES) expect(stringsEn[`points.secret.${secretKindOf(type)}`]).toBeTruthy();
    for (const type of POINT_TYPES) expect(TYPE_FIELDS[type]).toBeDefined();
  });

  it('says set, not set, optional or keychain unavailable', () => {
    expect(secretBadgeOf({ secretSet: true, secretRequired: true })).toBe('set');
    expect(secretBadgeOf({ secretSet: false, secretRequired: true })).toBe('notSet');
    expect(secretBadgeOf({ secretSet: false, secretRequired: false })).toBe('optional');
    expect(secretBadgeOf({ secretSet: null, secretRequired: true })).toBe('unknown');
  });

  it('warns before a new url drops the stored secret, but not when the secret is given again', () => {
    const saved = viewOf(pointFormToRequest({ ...emptyPointForm('webhook'), id: 'oncall', url: 'https://ops.example.com/h' }), true);
    const moved = pointFormToRequest({ ...formFromPoint(saved.point), url: 'https://elsewhere.example.net/h' });
    if (!moved.ok) throw new Error('invalid');
    expect(willDropSecret(saved, moved.request)).toBe(true);
    const renamed = pointFormToRequest({ ...formFromPoint(saved.point), name: 'Renamed' });
    expect(renamed.ok && willDropSecret(saved, renamed.request)).toBe(false);
    const given = pointFormToRequest({ ...formFromPoint(saved.point), url: 'https://elsewhere.example.net/h', secret: SIGNING });
    expect(given.ok && willDropSecret(saved, given.request)).toBe(false);
    expect(willDropSecret({ ...saved, secretSet: false }, moved.request)).toBe(false);
  });
});

describe('recent deliveries', () => {
  const base: DeliveryView = {
    id: 'msg_1',
    pointId: 'oncall',
    type: 'incident.opened',
    title: 'Stream offline',
    state: 'sent',
    attempts: 1,
    createdAt: 1_000,
    nextAttemptAt: null,
    sentAt: 2_000,
    lastStatus: 200,
    lastError: null,
  };

  it('shows a sent message with when it went out', () => {
    expect(deliveryLine(base)).toEqual({ state: 'sent', at: 2_000, reason: null });
  });

  it('shows a retrying message with its next attempt and why the last one failed', () => {
    expect(
      deliveryLine({ ...base, state: 'retrying', sentAt: null, nextAttemptAt: 9_000, lastStatus: 503, lastError: 'HTTP 503: down for maintenance' }),
    ).toEqual({ state: 'retrying', at: 9_000, reason: 'HTTP 503: down for maintenance' });
  });

  it('shows a failed message with the service’s reason, or its status when it said nothing', () => {
    expect(deliveryLine({ ...base, state: 'failed', sentAt: null, lastStatus: 400, lastError: 'unknown routing key' })).toEqual({
      state: 'failed',
      at: null,
      reason: 'unknown routing key',
    });
    expect(deliveryLine({ ...base, state: 'failed', sentAt: null, lastStatus: 410, lastError: null }).reason).toBe('HTTP 410');
  });
});
