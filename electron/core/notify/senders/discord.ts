import type { ContactPoint } from '../../../../shared/contact-points.ts';
import { chatText } from './chat-text.ts';
import { postJsonToSecretUrl } from './http-post.ts';
import type { Sender } from './sender.ts';

// Discord webhooks: POST {"content": …} (at most 2000 characters) to the webhook URL; 204 No Content on
// success, 429 with Retry-After when rate limited. Mentions are disabled so a stream named "@everyone"
// pings nobody.

type ChatPoint = Extract<ContactPoint, { type: 'discord' }>;
const MAX_CONTENT = 2000;

export const discordSender: Sender<ChatPoint> = {
  type: 'discord',
  secretRequired: () => true,
  async send(request) {
    const text = chatText(request.message);
    const content = text.length > MAX_CONTENT ? `${text.slice(0, MAX_CONTENT - 1)}…` : text;
    return postJsonToSecretUrl(request, 'Discord webhook URL', { content, allowed_mentions: { parse: [] } });
  },
};
