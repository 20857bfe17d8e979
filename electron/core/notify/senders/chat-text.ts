import type { ContactMessage } from '../contact-message.ts';
import { plainText } from '../contact-message.ts';

// Chat services show a title line and the rest; each sender wraps these in its own JSON shape.

const MARK: Record<ContactMessage['severity'], string> = { critical: '🔴', warning: '🟠', info: '🔵' };

export function headline(message: ContactMessage): string {
  const mark =
    message.type === 'incident.closed' || (message.type === 'storm.closed' && message.resolves)
      ? '🟢'
      : MARK[message.severity];
  return `${mark} ${message.title}`;
}

/** Title then body, details and link, one per line. */
export function chatText(message: ContactMessage): string {
  return `${headline(message)}\n${plainText(message)}`;
}

/** Ends messages to robots secured by a keyword (DingTalk, Feishu): `Streamtray` is the keyword to set. */
export const KEYWORD_FOOTER = '— Streamtray';

/** Markdown for services that render it (DingTalk, WeCom): a bold title, lines as a list. */
export function chatMarkdown(message: ContactMessage): string {
  const lines = [message.body, ...message.details].map((line) => `- ${line}`);
  const link = message.link ? [`\n[${message.link}](${message.link})`] : [];
  return [`**${headline(message)}**`, '', ...lines, ...link].join('\n');
}
