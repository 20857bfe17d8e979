import { describe, expect, it } from 'vitest';
import { redactSecrets, truncateAnswer } from '../../../../electron/core/notify/redact.ts';

describe('redactSecrets', () => {
  it('blanks a secret URL wherever it shows: whole, URL-encoded or as its path', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXTOKEN';
    const text = `POST ${url} failed; target=${encodeURIComponent(url)}; path /services/T000/B000/XXXXTOKEN`;
    const out = redactSecrets(text, [url]);
    expect(out).not.toContain('XXXXTOKEN');
    expect(out).toContain('[secret]');
  });

  it('leaves text alone when there is no secret', () => {
    expect(redactSecrets('HTTP 500: busy', [null, undefined])).toBe('HTTP 500: busy');
  });

  it('cuts a long answer such as an HTML error page', () => {
    expect(truncateAnswer('x'.repeat(5000))).toHaveLength(2001);
  });
});
