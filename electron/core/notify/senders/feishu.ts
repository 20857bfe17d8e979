import type { ContactPoint } from '../../../../shared/contact-points.ts';
import { chatText, KEYWORD_FOOTER } from './chat-text.ts';
import { judgeByCode } from './china-chat-answer.ts';
import { postJsonToSecretUrl } from './http-post.ts';
import type { Sender } from './sender.ts';

// Feishu / Lark custom bots (飞书自定义机器人): POST {"msg_type":"text","content":{"text"}} to
// …/open-apis/bot/v2/hook/<token>; success is {"code":0,"msg":"success"}. 11232 and 99991400 are its rate
// limits (the latter also as HTTP 429 with the wait in x-ogw-ratelimit-reset); 9499 is a malformed request
// and 19024 a missing keyword, refusals like any other.

type ChatPoint = Extract<ContactPoint, { type: 'feishu' }>;
const judge = judgeByCode('code', 'msg', [11232, 99991400]);

export const feishuSender: Sender<ChatPoint> = {
  type: 'feishu',
  secretRequired: () => true,
  async send(request) {
    return postJsonToSecretUrl(
      request,
      'Feishu bot webhook URL',
      {
        msg_type: 'text',
        content: { text: `${chatText(request.message)}\n${KEYWORD_FOOTER}` },
      },
      judge,
    );
  },
};
