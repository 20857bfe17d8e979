import type { ContactPoint } from '../../../../shared/contact-points.ts';
import { chatText } from './chat-text.ts';
import { JSON_HEADERS, postToService, secretUrl } from './http-post.ts';
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
    const url = secretUrl(request, 'Discord webhook URL');
    if (!(url instanceof URL)) return url;
    const text = chatText(request.message);
    const content = text.length > MAX_CONTENT ? `${text.slice(0, MAX_CONTENT - 1)}…` : text;
    return postToService(request, {
      url: url.href,
      headers: JSON_HEADERS,
      body: JSON.stringify({ content, allowed_mentions: { parse: [] } }),
    });
  },
};
