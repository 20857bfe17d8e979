import type { ContactPoint } from '../../../../shared/contact-points.ts';
import { chatMarkdown } from './chat-text.ts';
import { judgeByCode } from './china-chat-answer.ts';
import { postJsonToSecretUrl } from './http-post.ts';
import type { Sender } from './sender.ts';

// WeCom group robots (企业微信群机器人): POST {"msgtype":"markdown","markdown":{"content"}} to
// …/cgi-bin/webhook/send?key=…; success is {"errcode":0,"errmsg":"ok"}, 45009 is the rate limit.
// Markdown content is capped at 4096 bytes.

type ChatPoint = Extract<ContactPoint, { type: 'wecom' }>;
const judge = judgeByCode('errcode', 'errmsg', [45009]);
const MAX_BYTES = 4096;

function capBytes(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > MAX_BYTES) out = out.slice(0, Math.floor(out.length * 0.9));
  return out;
}

export const wecomSender: Sender<ChatPoint> = {
  type: 'wecom',
  secretRequired: () => true,
  async send(request) {
    return postJsonToSecretUrl(
      request,
      'WeCom robot webhook URL',
      {
        msgtype: 'markdown',
        markdown: { content: capBytes(chatMarkdown(request.message)) },
      },
      judge,
    );
  },
};
