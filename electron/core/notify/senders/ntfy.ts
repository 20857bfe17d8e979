import type { ContactPoint } from '../../../../shared/contact-points.ts';
import type { ContactMessage } from '../contact-message.ts';
import { plainText } from '../contact-message.ts';
import { postToService } from './http-post.ts';
import type { Sender } from './sender.ts';

// ntfy: POST the message text to the topic URL, with Title, Priority (1-5), Tags and Click headers, and
// `Authorization: Bearer <token>` when the point has an access token. Header values must be ASCII on the
// wire, so a title in Chinese goes as an RFC 2047 encoded-word, which ntfy decodes.

type NtfyPoint = Extract<ContactPoint, { type: 'ntfy' }>;

const PRIORITY: Record<ContactMessage['severity'], string> = { critical: '5', warning: '4', info: '3' };

/** ASCII stays as is; anything else becomes `=?UTF-8?B?…?=`. */
export function encodeHeaderWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function closing(message: ContactMessage): boolean {
  return message.type === 'incident.closed' || (message.type === 'storm.closed' && message.resolves);
}

function tagsOf(message: ContactMessage): string {
  if (message.type === 'test') return 'streamtray,test_tube';
  if (closing(message)) return 'streamtray,white_check_mark';
  return message.severity === 'critical' ? 'streamtray,rotating_light' : 'streamtray,warning';
}

export const ntfySender: Sender<NtfyPoint> = {
  type: 'ntfy',
  secretRequired: () => false,
  async send(request) {
    const { message } = request;
    return postToService(request, {
      url: request.point.url,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        title: encodeHeaderWord(message.title),
        priority: closing(message) ? '3' : PRIORITY[message.severity],
        tags: tagsOf(message),
        ...(message.link ? { click: message.link } : {}),
        ...(request.secret ? { authorization: `Bearer ${request.secret}` } : {}),
      },
      body: plainText({ ...message, link: null }),
    });
  },
};
