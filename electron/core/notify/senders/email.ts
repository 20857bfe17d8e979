import nodemailer from 'nodemailer';
import type { ContactPoint } from '../../../../shared/contact-points.ts';
import { plainText } from '../contact-message.ts';
import { redactSecrets, truncateAnswer } from '../redact.ts';
import type { Sender, SendResult } from './sender.ts';

// E-mail over SMTP through nodemailer: one connection per message, STARTTLS when the server offers it
// (or TLS from the first byte with `secure`), AUTH with the point's user and its stored password. The
// outbox id is the Message-ID, so a retried mail is recognisable as the same one. SMTP 4xx replies and
// lost connections are retried; 5xx replies (bad password, unknown recipient) fail at once.

type EmailPoint = Extract<ContactPoint, { type: 'email' }>;

interface SmtpError {
  responseCode?: unknown;
  response?: unknown;
  code?: unknown;
  message?: unknown;
}

function replyCode(response: string): number | null {
  const match = /^(\d{3})\b/.exec(response);
  return match ? Number(match[1]) : null;
}

function failureOf(error: unknown, secret: string | null): SendResult {
  const e = (error ?? {}) as SmtpError;
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const said =
    typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  const text = truncateAnswer(redactSecrets(said, [secret]));
  const kind = typeof e.code === 'string' ? ` (${e.code})` : '';
  return {
    outcome: code !== null && code >= 500 ? 'failed' : 'retry',
    status: code,
    answer: typeof e.response === 'string' ? text : '',
    error: `${text}${kind}`,
    retryAfterMs: null,
  };
}

export const emailSender: Sender<EmailPoint> = {
  type: 'email',
  secretRequired: (point) => point.smtp.user !== undefined,
  async send(request): Promise<SendResult> {
    const { point, message, secret } = request;
    const transport = nodemailer.createTransport({
      host: point.smtp.host,
      port: point.smtp.port,
      secure: point.smtp.secure,
      ...(point.smtp.user !== undefined ? { auth: { user: point.smtp.user, pass: secret ?? '' } } : {}),
      connectionTimeout: request.timeoutMs,
      greetingTimeout: request.timeoutMs,
      socketTimeout: request.timeoutMs,
    });
    const abort = () => transport.close();
    request.signal.addEventListener('abort', abort, { once: true });
    try {
      const info = await transport.sendMail({
        from: point.from,
        to: point.to,
        // Plain words, no emoji: mail filters and phone previews show the subject as is.
        subject: `Streamtray: ${message.title}`,
        text: plainText(message),
        messageId: `<${message.id}@streamtray>`,
        headers: { 'X-Streamtray-Type': message.type },
      });
      return {
        outcome: 'sent',
        status: replyCode(info.response),
        answer: truncateAnswer(redactSecrets(info.response, [secret])),
        error: null,
        retryAfterMs: null,
      };
    } catch (error) {
      return failureOf(error, secret);
    } finally {
      request.signal.removeEventListener('abort', abort);
      transport.close();
    }
  },
};
