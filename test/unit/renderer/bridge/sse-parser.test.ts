import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from '../../../../renderer/bridge/sse-parser.ts';

function parse(chunks: string[]): { messages: SseMessage[]; retries: number[] } {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const parser = createSseParser(
    (m) => messages.push(m),
    (ms) => retries.push(ms),
  );
  for (const chunk of chunks) parser.push(chunk);
  return { messages, retries };
}

describe('createSseParser', () => {
  it('reads named events and skips comments', () => {
    const { messages } = parse(['retry: 3000\n\n: ping\n\nevent: snapshot\ndata: {"a":1}\n\n']);
    expect(messages).toEqual([{ event: 'snapshot', data: '{"a":1}', id: null }]);
  });

  it('gives the same messages however the stream is cut', () => {
    const stream = 'event: notice\r\ndata: {"x":"a b"}\r\n\r\nid: 7\ndata: line1\ndata:line2\n\n';
    const whole = parse([stream]).messages;
    expect(whole).toEqual([
      { event: 'notice', data: '{"x":"a b"}', id: null },
      { event: 'message', data: 'line1\nline2', id: '7' },
    ]);
    for (let cut = 1; cut < stream.length; cut++) {
      expect(parse([stream.slice(0, cut), stream.slice(cut)]).messages, `cut at ${cut}`).toEqual(whole);
    }
    expect(parse(stream.split('')).messages).toEqual(whole);
  });

  it('does not dispatch an event without data or an unfinished one', () => {
    expect(parse(['event: snapshot\n\n', 'data: half']).messages).toEqual([]);
  });

  it('reports the server retry delay', () => {
    expect(parse(['retry: 2500\n\nretry: soon\n\n']).retries).toEqual([2500]);
  });
});
