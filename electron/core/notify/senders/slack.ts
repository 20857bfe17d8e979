import type { ContactPoint } from '../../../../shared/contact-points.ts';
import { chatText } from './chat-text.ts';
import { postJsonToSecretUrl } from './http-post.ts';
import type { Sender } from './sender.ts';

// Slack incoming webhooks: POST {"text": …} to the webhook URL (the point's secret); Slack answers
// 200 "ok", or 4xx with a short reason such as "invalid_payload" or "no_service".

type ChatPoint = Extract<ContactPoint, { type: 'slack' }>;

export const slackSender: Sender<ChatPoint> = {
  type: 'slack',
  secretRequired: () => true,
  async send(request) {
    return postJsonToSecretUrl(request, 'Slack incoming-webhook URL', { text: chatText(request.message) });
  },
};
