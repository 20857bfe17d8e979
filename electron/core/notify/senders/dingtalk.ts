import type { ContactPoint } from '../../../../shared/contact-points.ts';
import { chatMarkdown, headline, KEYWORD_FOOTER } from './chat-text.ts';
import { judgeByCode } from './china-chat-answer.ts';
import { postJsonToSecretUrl } from './http-post.ts';
import type { Sender } from './sender.ts';

// DingTalk group robots (钉钉自定义机器人): POST {"msgtype":"markdown","markdown":{"title","text"}} to the
// robot's webhook URL (…/robot/send?access_token=…); success is {"errcode":0,"errmsg":"ok"}. 130101 is
// "sending too fast".

type ChatPoint = Extract<ContactPoint, { type: 'dingtalk' }>;
const judge = judgeByCode('errcode', 'errmsg', [130101]);

export const dingtalkSender: Sender<ChatPoint> = {
  type: 'dingtalk',
  secretRequired: () => true,
  async send(request) {
    const { message } = request;
    return postJsonToSecretUrl(
      request,
      'DingTalk robot webhook URL',
      {
        msgtype: 'markdown',
        markdown: { title: headline(message), text: `${chatMarkdown(message)}\n\n${KEYWORD_FOOTER}` },
      },
      judge,
    );
  },
};
