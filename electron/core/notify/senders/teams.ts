import type { ContactPoint } from '../../../../shared/contact-points.ts';
import { plainText } from '../contact-message.ts';
import { headline } from './chat-text.ts';
import { postJsonToSecretUrl } from './http-post.ts';
import type { Sender } from './sender.ts';

// Microsoft Teams: a "message" whose one attachment is an Adaptive Card, the shape both the Workflows
// ("Post to a channel when a webhook request is received") and the older incoming-webhook connectors take.

type ChatPoint = Extract<ContactPoint, { type: 'teams' }>;

export const teamsSender: Sender<ChatPoint> = {
  type: 'teams',
  secretRequired: () => true,
  async send(request) {
    const { message } = request;
    const card = {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        { type: 'TextBlock', text: headline(message), weight: 'Bolder', size: 'Medium', wrap: true },
        ...plainText({ ...message, link: null })
          .split('\n')
          .map((line) => ({ type: 'TextBlock', text: line, wrap: true })),
      ],
      ...(message.link
        ? { actions: [{ type: 'Action.OpenUrl', title: 'Streamtray', url: message.link }] }
        : {}),
    };
    return postJsonToSecretUrl(request, 'Teams webhook URL', {
      type: 'message',
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
      ],
    });
  },
};
