import { describe, expect, it } from 'vitest';
import { ntfySender } from '../../../../../electron/core/notify/senders/ntfy.ts';
import { pagerdutySender } from '../../../../../electron/core/notify/senders/pagerduty.ts';
import { telegramSender } from '../../../../../electron/core/notify/senders/telegram.ts';
import { useCaptureServers } from '../../../../helpers/capture-server.ts';
import { closedMessage, openedMessage } from '../../../../helpers/contact-message-fixture.ts';
import { common, sendOnce } from './send-request.ts';

// Points with an API of their own (Telegram, ntfy, PagerDuty), with `baseUrl` pointing at a local server
// that checks the path, the auth and the JSON as each service documents them.

describe('telegram contact point', () => {
  const server = useCaptureServers();

  it('calls /bot<token>/sendMessage with chat_id and text, and reads {"ok":true}', async () => {
    const telegram = await server();
    telegram.answer = () => ({ status: 200, body: '{"ok":true,"result":{"message_id":7}}' });
    const point = {
      ...common,
      id: 'tg',
      type: 'telegram' as const,
      chatId: -1001234567890,
      baseUrl: telegram.origin,
    };
    const result = await sendOnce(telegramSender, point, '123456:ABC-DEF1234ghIkl');
    expect(result).toMatchObject({ outcome: 'sent', status: 200 });
    expect(telegram.requests[0]?.url).toBe('/bot123456:ABC-DEF1234ghIkl/sendMessage');
    const body = JSON.parse(telegram.requests[0]?.body ?? '') as { chat_id: number; text: string };
    expect(body.chat_id).toBe(-1001234567890);
    expect(body.text).toContain('Stream offline on Main WMSPanel');
    expect(body.text).toContain('https://noc.example.com/#/incidents/42');
  });

  it('honours retry_after on 429 and hides the bot token in a refusal', async () => {
    const telegram = await server();
    const point = { ...common, id: 'tg', type: 'telegram' as const, chatId: 5, baseUrl: telegram.origin };
    telegram.answer = () => ({
      status: 429,
      body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 17","parameters":{"retry_after":17}}',
    });
    expect(await sendOnce(telegramSender, point, '99:TOKENVALUE')).toMatchObject({
      outcome: 'retry',
      retryAfterMs: 17_000,
    });
    telegram.answer = (request) => ({
      status: 401,
      body: `{"ok":false,"error_code":401,"description":"Unauthorized ${request.url}"}`,
    });
    const refused = await sendOnce(telegramSender, point, '99:TOKENVALUE');
    expect(refused).toMatchObject({ outcome: 'failed', status: 401 });
    expect(JSON.stringify(refused)).not.toContain('TOKENVALUE');
  });
});

describe('ntfy contact point', () => {
  const server = useCaptureServers();

  it('posts the text to the topic URL with Title, Priority, Tags, Click and the bearer token', async () => {
    const ntfy = await server();
    ntfy.answer = () => ({ status: 200, body: '{"id":"sPs71M8A2T","event":"message","topic":"streams"}' });
    const point = { ...common, id: 'phone', type: 'ntfy' as const, url: `${ntfy.origin}/streams` };
    const result = await sendOnce(ntfySender, point, 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2');
    expect(result.outcome).toBe('sent');
    const request = ntfy.requests[0];
    expect(request?.url).toBe('/streams');
    expect(request?.headers['title']).toBe('Stream offline on Main WMSPanel');
    expect(request?.headers['priority']).toBe('5');
    expect(request?.headers['tags']).toBe('streamtray,rotating_light');
    expect(request?.headers['click']).toBe('https://noc.example.com/#/incidents/42');
    expect(request?.headers['authorization']).toBe('Bearer tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2');
    expect(request?.body).toContain('edge.example.com/live/keynote is down');
  });

  it('sends a Chinese title as an RFC 2047 encoded-word and works without a token', async () => {
    const ntfy = await server();
    const point = { ...common, id: 'phone', type: 'ntfy' as const, url: `${ntfy.origin}/streams` };
    await sendOnce(ntfySender, point, null, closedMessage({ title: '主 WMSPanel 上的直播流已恢复' }));
    const request = ntfy.requests[0];
    const encoded = String(request?.headers['title']);
    const match = /^=\?UTF-8\?B\?(.+)\?=$/.exec(encoded);
    expect(match && Buffer.from(match[1] ?? '', 'base64').toString('utf8')).toBe(
      '主 WMSPanel 上的直播流已恢复',
    );
    expect(request?.headers['authorization']).toBeUndefined();
    expect(request?.headers['tags']).toBe('streamtray,white_check_mark');
  });
});

describe('pagerduty contact point (Events API v2)', () => {
  const server = useCaptureServers();

  it('triggers with the routing key and the alert key as dedup_key, then resolves the same key', async () => {
    const pd = await server();
    pd.answer = (request) => ({
      status: 202,
      body: JSON.stringify({
        status: 'success',
        message: 'Event processed',
        dedup_key: (JSON.parse(request.body) as { dedup_key: string }).dedup_key,
      }),
    });
    const point = { ...common, id: 'pd', type: 'pagerduty' as const, baseUrl: pd.origin };
    const key = 'R0UTINGKEY0123456789ABCDEFGHIJKL';
    expect(await sendOnce(pagerdutySender, point, key, openedMessage())).toMatchObject({
      outcome: 'sent',
      status: 202,
    });
    expect(await sendOnce(pagerdutySender, point, key, closedMessage())).toMatchObject({
      outcome: 'sent',
      status: 202,
    });
    const [trigger, resolve] = pd.requests.map((r) => ({
      url: r.url,
      body: JSON.parse(r.body) as Record<string, unknown>,
    }));
    expect(trigger?.url).toBe('/v2/enqueue');
    expect(trigger?.body).toMatchObject({
      routing_key: key,
      event_action: 'trigger',
      dedup_key: openedMessage().alertKey,
      payload: {
        summary: 'Stream offline on Main WMSPanel: edge.example.com/live/keynote is down — 2,400 watching',
        source: 'Main WMSPanel',
        severity: 'critical',
        timestamp: '2025-01-06T12:00:00.000Z',
        component: 'edge.example.com/live/keynote',
        group: 'wms',
      },
      links: [{ href: 'https://noc.example.com/#/incidents/42', text: 'Streamtray' }],
    });
    expect(resolve?.body).toEqual({
      routing_key: key,
      event_action: 'resolve',
      dedup_key: openedMessage().alertKey,
    });
  });

  it("fails at once on 400 keeping PagerDuty's errors, and retries on 429", async () => {
    const pd = await server();
    const point = { ...common, id: 'pd', type: 'pagerduty' as const, baseUrl: pd.origin };
    pd.answer = () => ({
      status: 400,
      body: '{"status":"invalid event","message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect (should be 32 characters)"]}',
    });
    const refused = await sendOnce(pagerdutySender, point, 'short');
    expect(refused.outcome).toBe('failed');
    expect(refused.answer).toContain('Event object is invalid');
    pd.answer = () => ({ status: 429 });
    expect((await sendOnce(pagerdutySender, point, 'R0UTINGKEY0123456789ABCDEFGHIJKL')).outcome).toBe(
      'retry',
    );
  });

  it('takes only messages that open or close an alert (not quiet-hours summaries)', () => {
    expect(pagerdutySender.accepts?.(openedMessage({ alertKey: null, type: 'storm.opened' }))).toBe(false);
    expect(pagerdutySender.accepts?.(openedMessage())).toBe(true);
  });
});
