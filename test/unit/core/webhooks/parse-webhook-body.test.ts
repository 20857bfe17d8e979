import { describe, expect, it } from 'vitest';
import { parseWebhookBody } from '../../../../electron/core/webhooks/parse-webhook-body.ts';

const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const base = { time: '2014-10-16 03:13:31 UTC', digest: 'd93053a1875c034384bb4fb06b20792f' };

describe('parseWebhookBody', () => {
  it('reads the Dispersa document example (stream event)', () => {
    const result = parseWebhookBody(
      bytes(
        '{"time":"2014-10-16 03:13:31 UTC","digest":"d93053a1875c034384bb4fb06b20792f","stream":"rtmp://example.com/monitored/stream","status":"offline", "checkpoints": ["New York, USA", "Private Checkpoint"]}',
      ),
    );
    expect(result).toEqual({
      ok: true,
      body: {
        kind: 'stream',
        ...base,
        stream: 'rtmp://example.com/monitored/stream',
        status: 'offline',
        checkpoints: ['New York, USA', 'Private Checkpoint'],
      },
    });
  });

  it('reads the server-offline document example', () => {
    const result = parseWebhookBody(bytes({ ...base, server: 'edge1.example.com', status: 'offline' }));
    expect(result).toEqual({
      ok: true,
      body: { kind: 'server', ...base, server: 'edge1.example.com', status: 'offline' },
    });
  });

  it('lets an online event leave out checkpoints and ignores fields WMSPanel may add', () => {
    const result = parseWebhookBody(bytes({ ...base, stream: 's', status: 'online', extra: 1 }));
    expect(result).toEqual({
      ok: true,
      body: { kind: 'stream', ...base, stream: 's', status: 'online', checkpoints: [] },
    });
  });

  it.each([
    ['', '(root): the body is empty'],
    ['{"time":', '(root): the body is not valid JSON'],
    ['[1,2]', '(root): expected a JSON object'],
    ['null', '(root): expected a JSON object'],
    [
      { ...base, stream: 's', server: 'e', status: 'offline' },
      'stream, server: expected one of them, not both',
    ],
    [{ ...base, status: 'offline' }, 'stream: required (or server, for a server event)'],
    [{ ...base, stream: '', status: 'offline' }, 'stream: must not be empty'],
    [{ ...base, stream: 's', status: 'OFFLINE' }, 'status: expected "online" or "offline"'],
    [
      { ...base, stream: 's', status: 'offline', checkpoints: 'NY' },
      'checkpoints: expected array, got string',
    ],
    [{ ...base, server: 'e', status: 'online' }, 'status: expected "offline"'],
    [{ digest: base.digest, server: 'e', status: 'offline' }, 'time: required'],
    [{ ...base, time: 1413429211, server: 'e', status: 'offline' }, 'time: expected string, got number'],
    [
      { ...base, digest: 'not-hex', server: 'e', status: 'offline' },
      'digest: expected 32 hexadecimal characters',
    ],
  ])('refuses %j naming the field', (body, problem) => {
    const result = parseWebhookBody(bytes(body));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContain(problem);
  });
});
