import type { ServerResponse } from 'node:http';
import type { BridgeEventName } from '../../../shared/bridge.ts';
import { securityHeaders } from './responses.ts';

// Fans the core's events out to every open `GET /api/events`. Each event is serialised once, whatever
// the number of clients; a client that stops reading is dropped instead of buffering without bound, the
// number of streams is capped, and so is the data queued for all of them together: when it runs over,
// the slowest client goes, never the core.

export const DEFAULT_HEARTBEAT_MS = 15_000;
/** Past this much unsent data a client is too slow to follow (a few full snapshots of 2,000 streams). */
export const MAX_CLIENT_BACKLOG_BYTES = 8 * 1024 * 1024;
/** Dashboards open at once: a wall of screens and a few tabs, far from what would strain the process. */
export const MAX_EVENT_CLIENTS = 32;
/** Unsent data for all clients together. */
export const MAX_TOTAL_BACKLOG_BYTES = 32 * 1024 * 1024;

export interface SseHubOptions {
  heartbeatMs?: number;
  maxBacklogBytes?: number;
  maxClients?: number;
  maxTotalBacklogBytes?: number;
}

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
  /**
   * Takes over `res`; `initial` produces the first frame (the current snapshot) or null for none.
   * False when every stream is taken by a client that keeps up: `res` is untouched, the caller answers.
   */
  open(res: ServerResponse, initial: () => Promise<string | null>): boolean;
  publish(name: BridgeEventName, payload: unknown): void;
  readonly size: number;
  /** Data written to clients and not yet taken by them, in bytes. */
  readonly queuedBytes: number;
  /** Clients dropped for reading too slowly. */
  readonly dropped: number;
  close(): void;
}

export function createSseHub(options: SseHubOptions = {}): SseHub {
  const clients = new Set<Client>();
  const maxBacklog = options.maxBacklogBytes ?? MAX_CLIENT_BACKLOG_BYTES;
  const maxClients = options.maxClients ?? MAX_EVENT_CLIENTS;
  const maxTotal = options.maxTotalBacklogBytes ?? MAX_TOTAL_BACKLOG_BYTES;
  let dropped = 0;
  const heartbeat = setInterval(() => {
    for (const client of clients) write(client, ': ping\n\n');
  }, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  heartbeat.unref();

  function drop(client: Client): void {
    if (clients.delete(client)) dropped += 1;
    if (!client.res.destroyed) client.res.destroy();
  }

  function queuedBytes(): number {
    let total = 0;
    for (const client of clients) total += client.res.writableLength;
    return total;
  }

  /** The client furthest behind; null when every client has taken all it was sent. */
  function slowest(): Client | null {
    let worst: Client | null = null;
    for (const client of clients) {
      if (client.res.writableLength > (worst?.res.writableLength ?? 0)) worst = client;
    }
    return worst;
  }

  function enforceTotal(): void {
    let total = queuedBytes();
    while (total > maxTotal) {
      const worst = slowest();
      if (worst === null) return;
      total -= worst.res.writableLength;
      drop(worst);
    }
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
      if (clients.size >= maxClients) {
        // Room is made by the client furthest behind; streams that keep up are never cut for a newcomer.
        const worst = slowest();
        if (worst === null) return false;
        drop(worst);
      }
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
      return true;
    },
    publish(name, payload) {
      if (clients.size === 0) return;
      const frame = formatSseEvent(name, payload);
      for (const client of clients) write(client, frame);
      enforceTotal();
    },
    get size() {
      return clients.size;
    },
    get queuedBytes() {
      return queuedBytes();
    },
    get dropped() {
      return dropped;
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
    enforceTotal();
  }
}
