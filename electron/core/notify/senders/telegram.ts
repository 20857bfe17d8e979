import type { ContactPoint } from '../../../../shared/contact-points.ts';
import { chatText } from './chat-text.ts';
import { JSON_HEADERS, postToService } from './http-post.ts';
import type { Sender, SendResult } from './sender.ts';

// Telegram Bot API: POST <origin>/bot<token>/sendMessage with {"chat_id","text"}; the answer is
// {"ok":true,"result":{…}} or {"ok":false,"error_code","description"} (429 carries
// parameters.retry_after in seconds). Texts are capped at 4096 characters.

type TelegramPoint = Extract<ContactPoint, { type: 'telegram' }>;
const PUBLIC_ORIGIN = 'https://api.telegram.org';
const MAX_TEXT = 4096;

function retryAfterOf(answer: string): number | null {
  try {
    const body = JSON.parse(answer) as { parameters?: { retry_after?: unknown } };
    const seconds = body.parameters?.retry_after;
    return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : null;
  } catch {
    return null;
  }
}

export function telegramUrl(point: TelegramPoint, token: string): string {
  return `${(point.baseUrl ?? PUBLIC_ORIGIN).replace(/\/+$/, '')}/bot${token}/sendMessage`;
}

export const telegramSender: Sender<TelegramPoint> = {
  type: 'telegram',
  secretRequired: () => true,
  async send(request): Promise<SendResult> {
    const text = chatText(request.message);
    const result = await postToService(request, {
      url: telegramUrl(request.point, request.secret ?? ''),
      headers: JSON_HEADERS,
      body: JSON.stringify({
        chat_id: request.point.chatId,
        text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text,
        disable_web_page_preview: true,
      }),
    });
    if (result.outcome === 'retry' && result.retryAfterMs === null)
      return { ...result, retryAfterMs: retryAfterOf(result.answer) };
    return result;
  },
};
