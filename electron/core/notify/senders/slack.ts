import type { ContactPoint } from '../../../../shared/contact-points.ts';
import { chatText } from './chat-text.ts';
import { JSON_HEADERS, postToService, secretUrl } from './http-post.ts';
import type { Sender } from './sender.ts';

// Slack incoming webhooks: POST {"text": …} to the webhook URL (the point's secret); Slack answers
// 200 "ok", or 4xx with a short reason such as "invalid_payload" or "no_service".

type ChatPoint = Extract<ContactPoint, { type: 'slack' }>;

export const slackSender: Sender<ChatPoint> = {
  type: 'slack',
  secretRequired: () => true,
  async send(request) {
    const url = secretUrl(request, 'Slack incoming-webhook URL');
    if (!(url instanceof URL)) return url;
    return postToService(request, {
      url: url.href,
      headers: JSON_HEADERS,
      body: JSON.stringify({ text: chatText(request.message) }),
    });
  },
};
