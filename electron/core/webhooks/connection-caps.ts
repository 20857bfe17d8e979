import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

// The webhook listener may face the internet, and WMSPanel must always get through: one client address
// holds at most a bounded share of the connections, and when a limit is reached an idle connection (one
// carrying no request: a kept-alive socket or a flood that never sends) is closed to make room, the
// oldest first, from the address holding the most. Only when every connection is busy is a new one refused.

export interface ConnectionCaps {
  /** Connections in all. */
  maxConnections: number;
  /** Connections from one client address. */
  maxPerAddress: number;
}

/** A quarter of the connections per address, but never fewer than 8 (a proxy in front needs several). */
export function defaultMaxPerAddress(maxConnections: number): number {
  return Math.max(8, Math.floor(maxConnections / 4));
}

export interface ConnectionCounter {
  /** Open connections per client address, for tests and the operator's log. */
  byAddress(): Map<string, number>;
  readonly total: number;
  /** Connections closed or refused to keep the caps. */
  readonly shed: number;
}

/** `::ffff:127.0.0.2` and `127.0.0.2` are the same peer. */
function addressOf(socket: Socket): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

class ConnectionTable implements ConnectionCounter {
  readonly #caps: ConnectionCaps;
  /** Per address, its sockets in the order they connected (a Set keeps insertion order). */
  readonly #sockets = new Map<string, Set<Socket>>();
  /** Requests in flight per socket; a socket without one is idle. */
  readonly #inFlight = new WeakMap<Socket, number>();
  #total = 0;
  #shed = 0;

  constructor(caps: ConnectionCaps) {
    this.#caps = caps;
  }

  get total(): number {
    return this.#total;
  }

  get shed(): number {
    return this.#shed;
  }

  byAddress(): Map<string, number> {
    return new Map([...this.#sockets].map(([address, sockets]) => [address, sockets.size]));
  }

  admit(socket: Socket): void {
    const address = addressOf(socket);
    const mine = this.#sockets.get(address);
    const roomForAddress =
      mine === undefined || mine.size < this.#caps.maxPerAddress || this.#closeOldestIdle(address);
    const room = roomForAddress && (this.#total < this.#caps.maxConnections || this.#closeIdleOfBusiest());
    if (!room) {
      this.#shed += 1;
      socket.destroy();
      return;
    }
    let set = this.#sockets.get(address);
    if (set === undefined) this.#sockets.set(address, (set = new Set()));
    set.add(socket);
    this.#total += 1;
    socket.once('close', () => this.#forget(address, socket));
  }

  requestStarted(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    this.#inFlight.set(socket, (this.#inFlight.get(socket) ?? 0) + 1);
    res.once('close', () => this.#inFlight.set(socket, Math.max(0, (this.#inFlight.get(socket) ?? 1) - 1)));
  }

  #forget(address: string, socket: Socket): void {
    const set = this.#sockets.get(address);
    if (set?.delete(socket) !== true) return;
    this.#total -= 1;
    if (set.size === 0) this.#sockets.delete(address);
  }

  #closeOldestIdle(address: string): boolean {
    for (const socket of this.#sockets.get(address) ?? []) {
      if ((this.#inFlight.get(socket) ?? 0) > 0) continue;
      this.#forget(address, socket);
      this.#shed += 1;
      socket.destroy();
      return true;
    }
    return false;
  }

  #closeIdleOfBusiest(): boolean {
    const busiestFirst = [...this.#sockets].sort((a, b) => b[1].size - a[1].size);
    return busiestFirst.some(([address]) => this.#closeOldestIdle(address));
  }
}

/** Applies the caps to `server` (instead of `server.maxConnections`, which refuses without choosing). */
export function capConnections(server: Server, caps: ConnectionCaps): ConnectionCounter {
  const table = new ConnectionTable(caps);
  server.on('connection', (socket: Socket) => table.admit(socket));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => table.requestStarted(req, res));
  return table;
}
