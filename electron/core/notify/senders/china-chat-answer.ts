import type { JudgeAnswer } from './http-post.ts';

// DingTalk, WeCom and Feishu answer HTTP 200 even when they refuse a message; the verdict is a code in the
// JSON body (`errcode`/`errmsg`, or Feishu's `code`/`msg`). Their "sending too fast" codes are retried.

function parse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function judgeByCode(
  codeField: string,
  messageField: string,
  rateLimited: readonly number[],
): JudgeAnswer {
  return (_status, text) => {
    const body = parse(text);
    if (!body) return { outcome: 'failed', error: `unexpected answer: ${text.slice(0, 200)}` };
    // Feishu's older endpoints answer {"StatusCode":0,"StatusMessage":"success"}.
    const code = body[codeField] ?? body['StatusCode'];
    if (code === 0) return null;
    const raw = body[messageField] ?? body['StatusMessage'];
    const said = typeof raw === 'string' ? raw : '';
    const error = `${codeField} ${String(code)}${said ? `: ${said}` : ''}`;
    return { outcome: typeof code === 'number' && rateLimited.includes(code) ? 'retry' : 'failed', error };
  };
}
