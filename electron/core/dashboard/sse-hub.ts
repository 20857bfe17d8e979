import type { ServerResponse } from 'node:http';
import type { BridgeEventName } from '../../../shared/bridge.ts';
import { securityHeaders } from './responses.ts';

// Fans the core's events out to every open `GET /api/events`. Each event is serialised once, whatever
// the number of clients; a client that stops reading is dropped instead of buffering without bound.

export const DEFAULT_HEARTBEAT_MS = 15_000;
/** Past this much unsent data a client is too slow to follow (a few full snapshots of 2,000 streams). */
export const MAX_CLIENT_BACKLOG_BYTES = 8 * 1024 * 1024;

export function formatSseEvent(name: string, payload: unknown): string {
  // JSON.stringify never emits a raw line break, so one `data:` line always carries the whole payload.
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
}

interface Client {
  res: ServerResponse;
  /** Events that arrived while the client's first snapshot was still being produced. */
  held: string[] | null;
}

export interface SseHub {
  /** Takes over `res`; `initial` produces the first frame (the current snapshot) or null for none. */
  open(res: ServerResponse, initial: () => Promise<string | null>): void;
  publish(name: BridgeEventName, payload: unknown): void;
  readonly size: number;
  close(): void;
}

export function createSseHub(options: { heartbeatMs?: number; maxBacklogBytes?: number } = {}): SseHub {
  const clients = new Set<Client>();
  const maxBacklog = options.maxBacklogBytes ?? MAX_CLIENT_BACKLOG_BYTES;
  const heartbeat = setInterval(() => {
    for (const client of clients) write(client, ': ping\n\n');
  }, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  heartbeat.unref();

  function drop(client: Client): void {
    clients.delete(client);
    if (!client.res.destroyed) client.res.destroy();
  }

  function write(client: Client, frame: string): void {
    if (client.held !== null) {
      client.held.push(frame);
      return;
    }
    if (client.res.writableLength > maxBacklog) {
      drop(client);
      return;
    }
    client.res.write(frame);
  }

  return {
    open(res, initial) {
      res.writeHead(200, {
        ...securityHeaders(false),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        connection: 'keep-alive',
        // Reverse proxies (nginx) would otherwise buffer the stream and deliver events in lumps.
        'x-accel-buffering': 'no',
      });
      res.socket?.setNoDelay(true);
      res.write('retry: 3000\n\n');
      const client: Client = { res, held: [] };
      clients.add(client);
      res.on('close', () => clients.delete(client));
      initial().then(
        (frame) => release(client, frame),
        () => release(client, null),
      );
    },
    publish(name, payload) {
      if (clients.size === 0) return;
      const frame = formatSseEvent(name, payload);
      for (const client of clients) write(client, frame);
    },
    get size() {
      return clients.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const client of clients) client.res.end();
      clients.clear();
    },
  };

  function release(client: Client, first: string | null): void {
    const held = client.held ?? [];
    client.held = null;
    if (!clients.has(client)) return;
    if (first !== null) write(client, first);
    for (const frame of held) write(client, frame);
  }
}
