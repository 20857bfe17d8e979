import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dingtalkSender } from '../../../../../electron/core/notify/senders/dingtalk.ts';
import { discordSender } from '../../../../../electron/core/notify/senders/discord.ts';
import { feishuSender } from '../../../../../electron/core/notify/senders/feishu.ts';
import { slackSender } from '../../../../../electron/core/notify/senders/slack.ts';
import { teamsSender } from '../../../../../electron/core/notify/senders/teams.ts';
import { wecomSender } from '../../../../../electron/core/notify/senders/wecom.ts';
import { useCaptureServers } from '../../../../helpers/capture-server.ts';
import { closedMessage, openedMessage } from '../../../../helpers/contact-message-fixture.ts';
import { common, sendOnce } from './send-request.ts';

// Chat services whose incoming-webhook URL is the point's secret: each gets its documented JSON shape at
// the URL it issued, and the URL never shows in an error.

const message = openedMessage();

async function refusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('chat contact points', () => {
  const server = useCaptureServers();

  it('posts Slack {"text"} to the incoming-webhook URL with title, details and the incident link', async () => {
    const slack = await server();
    slack.answer = () => ({ status: 200, body: 'ok' });
    const url = `${slack.origin}/services/T000/B000/XXXXSECRET`;
    const result = await sendOnce(slackSender, { ...common, id: 'slack', type: 'slack' }, url, message);
    expect(result).toMatchObject({ outcome: 'sent', status: 200, answer: 'ok' });
    const request = slack.requests[0];
    expect(request?.url).toBe('/services/T000/B000/XXXXSECRET');
    const body = JSON.parse(request?.body ?? '') as { text: string };
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).toContain('Stream offline on Main WMSPanel');
    expect(body.text).toContain('Viewers when it went down: 2,400');
    expect(body.text).toContain('https://noc.example.com/#/incidents/42');
  });

  it('keeps Slack refusals such as "no_service" as the reason, failing at once', async () => {
    const slack = await server();
    slack.answer = () => ({ status: 404, body: 'no_service' });
    const result = await sendOnce(
      slackSender,
      { ...common, id: 'slack', type: 'slack' },
      `${slack.origin}/services/x`,
    );
    expect(result).toMatchObject({ outcome: 'failed', status: 404, answer: 'no_service' });
  });

  it('posts Discord {"content"} with mentions disabled and treats 204 as delivered', async () => {
    const discord = await server();
    discord.answer = () => ({ status: 204 });
    const url = `${discord.origin}/api/webhooks/123/tok-en`;
    const result = await sendOnce(
      discordSender,
      { ...common, id: 'dc', type: 'discord' },
      url,
      closedMessage(),
    );
    expect(result).toMatchObject({ outcome: 'sent', status: 204 });
    const body = JSON.parse(discord.requests[0]?.body ?? '') as {
      content: string;
      allowed_mentions: unknown;
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toContain('Stream back on Main WMSPanel');
    expect(body.content).toContain('back after 4:12');
  });

  it('posts Teams a message with one Adaptive Card attachment', async () => {
    const teams = await server();
    teams.answer = () => ({ status: 202 });
    const result = await sendOnce(
      teamsSender,
      { ...common, id: 'teams', type: 'teams' },
      `${teams.origin}/workflows/abc`,
    );
    expect(result.outcome).toBe('sent');
    const body = JSON.parse(teams.requests[0]?.body ?? '') as {
      type: string;
      attachments: {
        contentType: string;
        content: { type: string; body: { text: string }[]; actions?: { url: string }[] };
      }[];
    };
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.attachments[0]?.content.type).toBe('AdaptiveCard');
    expect(body.attachments[0]?.content.body.map((block) => block.text).join('\n')).toContain(
      'Stream offline on Main WMSPanel',
    );
    expect(body.attachments[0]?.content.actions?.[0]?.url).toBe('https://noc.example.com/#/incidents/42');
  });

  it('posts DingTalk markdown to robot/send?access_token=… and reads errcode from the 200 answer', async () => {
    const ding = await server();
    ding.answer = () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' });
    const url = `${ding.origin}/robot/send?access_token=abcdef123456`;
    const point = { ...common, id: 'ding', type: 'dingtalk' as const };
    expect((await sendOnce(dingtalkSender, point, url)).outcome).toBe('sent');
    expect(ding.requests[0]?.url).toBe('/robot/send?access_token=abcdef123456');
    const body = JSON.parse(ding.requests[0]?.body ?? '') as {
      msgtype: string;
      markdown: { title: string; text: string };
    };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toContain('Stream offline on Main WMSPanel');
    expect(body.markdown.text).toContain('Viewers when it went down: 2,400');
    // The keyword a robot secured by keywords is set up with.
    expect(body.markdown.text).toMatch(/Streamtray$/);

    ding.answer = () => ({ status: 200, body: '{"errcode":310000,"errmsg":"keywords not in content"}' });
    expect(await sendOnce(dingtalkSender, point, url)).toMatchObject({
      outcome: 'failed',
      error: 'errcode 310000: keywords not in content',
    });
    ding.answer = () => ({ status: 200, body: '{"errcode":130101,"errmsg":"send too fast"}' });
    expect((await sendOnce(dingtalkSender, point, url)).outcome).toBe('retry');
  });

  it('posts WeCom markdown to cgi-bin/webhook/send?key=… and retries its rate limit (45009)', async () => {
    const wecom = await server();
    wecom.answer = () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' });
    const url = `${wecom.origin}/cgi-bin/webhook/send?key=693a91f6-7xxx`;
    const point = { ...common, id: 'wx', type: 'wecom' as const };
    expect((await sendOnce(wecomSender, point, url)).outcome).toBe('sent');
    const body = JSON.parse(wecom.requests[0]?.body ?? '') as {
      msgtype: string;
      markdown: { content: string };
    };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('Stream offline on Main WMSPanel');
    wecom.answer = () => ({ status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' });
    expect((await sendOnce(wecomSender, point, url)).outcome).toBe('retry');
    wecom.answer = () => ({ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' });
    expect((await sendOnce(wecomSender, point, url)).outcome).toBe('failed');
  });

  it('posts Feishu {"msg_type":"text"} to open-apis/bot/v2/hook/<token> and reads its code', async () => {
    const feishu = await server();
    feishu.answer = () => ({ status: 200, body: '{"code":0,"msg":"success","data":{}}' });
    const url = `${feishu.origin}/open-apis/bot/v2/hook/0f1e2d3c`;
    const point = { ...common, id: 'fs', type: 'feishu' as const };
    expect(
      (
        await sendOnce(
          feishuSender,
          point,
          url,
          openedMessage({ locale: 'zh-CN', title: '主 WMSPanel 上的直播流离线' }),
        )
      ).outcome,
    ).toBe('sent');
    const body = JSON.parse(feishu.requests[0]?.body ?? '') as {
      msg_type: string;
      content: { text: string };
    };
    expect(body.msg_type).toBe('text');
    expect(body.content.text).toContain('主 WMSPanel 上的直播流离线');
    feishu.answer = () => ({ status: 200, body: '{"code":11232,"msg":"frequency limited"}' });
    expect((await sendOnce(feishuSender, point, url)).outcome).toBe('retry');
    feishu.answer = () => ({
      status: 429,
      headers: { 'x-ogw-ratelimit-reset': '52' },
      body: '{"code":99991400,"msg":"request trigger frequency limit"}',
    });
    expect(await sendOnce(feishuSender, point, url)).toMatchObject({
      outcome: 'retry',
      retryAfterMs: 52_000,
    });
    feishu.answer = () => ({ status: 200, body: '{"code":19024,"msg":"Key Words Not Found"}' });
    const refused = await sendOnce(feishuSender, point, url);
    expect(refused.outcome).toBe('failed');
    expect(refused.error).toBe('code 19024: Key Words Not Found');
  });

  it('never repeats the webhook URL (the secret) in an error when the service cannot be reached', async () => {
    const port = await refusedPort();
    const url = `http://127.0.0.1:${port}/services/T000/B000/VERYSECRETTOKEN`;
    const result = await sendOnce(slackSender, { ...common, id: 'slack', type: 'slack' }, url);
    expect(result.outcome).toBe('retry');
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(result)).not.toContain('VERYSECRETTOKEN');
  });

  it('redacts the secret URL when a service echoes it in its answer', async () => {
    const slack = await server();
    const url = `${slack.origin}/services/T000/B000/ECHOEDSECRET`;
    slack.answer = () => ({ status: 400, body: `invalid_payload for ${url}` });
    const result = await sendOnce(slackSender, { ...common, id: 'slack', type: 'slack' }, url);
    expect(result.outcome).toBe('failed');
    expect(JSON.stringify(result)).not.toContain('ECHOEDSECRET');
  });
});
