import {
  BRIDGE_METHOD_NAMES,
  type BridgeEventListener,
  type BridgeEventName,
  type BridgeHandlers,
} from '../../shared/bridge.ts';
import {
  BRIDGE_EVENT_CHANNEL,
  bridgeInvokeChannel,
  type BridgeInvokeResult,
} from '../../shared/bridge-transport.ts';
import { invokeBridge, toInvokeResult } from '../core/bridge/invoke-bridge.ts';
import { BRIDGE_READY_CHANNEL } from './ipc-channels.ts';
import { loggableUrl, type SenderEventLike } from './sender-check.ts';

// The one place the main process talks IPC. Every Bridge method gets a handler on `bridge:<name>`; each
// call is checked for its sender, validated against the contract and answered with a validated
// BridgeInvokeResult (the same code path as the HTTP API). Events go out on `bridge:event` to windows
// whose renderer has said it is listening; until then they wait in a small per-window queue.

export interface IpcTarget {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcEvent extends SenderEventLike {
  sender: IpcTarget;
}

/** The part of Electron's ipcMain this uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => void): unknown;
}

export interface BridgeIpcOptions {
  ipcMain: IpcMainLike;
  handlers: BridgeHandlers;
  isTrustedSender: (event: SenderEventLike) => boolean;
  /** Our windows' webContents right now: where events go. */
  targets: () => readonly IpcTarget[];
  log?: (message: string) => void;
}

export interface BridgeIpc {
  /** Hands a core event to every window (subscribe this to the core). */
  readonly publish: BridgeEventListener;
  /** The window is reloading: hold its events until its renderer says ready again. */
  notReady(targetId: number): void;
  dispose(): void;
}

/** Beyond this many queued notices and incidents for a window that never got ready, the oldest go. */
export const MAX_QUEUED_EVENTS = 200;

type Queued = { name: BridgeEventName; payload: unknown };

export function registerBridgeIpc(options: BridgeIpcOptions): BridgeIpc {
  const { ipcMain, handlers, isTrustedSender } = options;
  const log = options.log ?? ((message: string) => console.error(message));
  const ready = new Set<number>();
  const queues = new Map<number, Queued[]>();

  const forbidden = (name: string, event: SenderEventLike): BridgeInvokeResult => {
    log(`IPC: dropped "${name}" from a foreign sender (${loggableUrl(event.senderFrame?.url)})`);
    return {
      ok: false,
      error: { kind: 'forbidden', message: `${name}: the caller is not a Streamtray window` },
    };
  };

  for (const name of BRIDGE_METHOD_NAMES) {
    ipcMain.handle(bridgeInvokeChannel(name), async (event, request) => {
      if (!isTrustedSender(event)) return forbidden(name, event);
      return toInvokeResult(await invokeBridge(handlers, name, request, { log }));
    });
  }

  const onReady = (event: IpcEvent): void => {
    if (!isTrustedSender(event)) {
      log(`IPC: dropped "ready" from a foreign sender (${loggableUrl(event.senderFrame?.url)})`);
      return;
    }
    const target = event.sender;
    ready.add(target.id);
    const queued = queues.get(target.id) ?? [];
    queues.delete(target.id);
    for (const item of queued) deliver(target, item);
  };
  ipcMain.on(BRIDGE_READY_CHANNEL, onReady);

  function deliver(target: IpcTarget, item: Queued): void {
    if (target.isDestroyed()) return;
    try {
      target.send(BRIDGE_EVENT_CHANNEL, item.name, item.payload);
    } catch (error) {
      log(
        `IPC: cannot send "${item.name}" to window ${target.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  function enqueue(targetId: number, item: Queued): void {
    const queue = queues.get(targetId) ?? [];
    // A snapshot is state, not history: only the newest one matters to a renderer that is still loading.
    const kept = item.name === 'snapshot' ? queue.filter((q) => q.name !== 'snapshot') : queue;
    kept.push(item);
    if (kept.length > MAX_QUEUED_EVENTS) kept.splice(0, kept.length - MAX_QUEUED_EVENTS);
    queues.set(targetId, kept);
  }

  const publish: BridgeEventListener = (name, payload) => {
    const targets = options.targets();
    const live = new Set(targets.map((t) => t.id));
    for (const id of queues.keys()) if (!live.has(id)) queues.delete(id);
    for (const id of ready) if (!live.has(id)) ready.delete(id);
    for (const target of targets) {
      if (target.isDestroyed()) continue;
      if (ready.has(target.id)) deliver(target, { name, payload });
      else enqueue(target.id, { name, payload });
    }
  };

  return {
    publish,
    notReady(targetId) {
      ready.delete(targetId);
    },
    dispose() {
      for (const name of BRIDGE_METHOD_NAMES) ipcMain.removeHandler(bridgeInvokeChannel(name));
      ipcMain.removeListener(BRIDGE_READY_CHANNEL, onReady);
      ready.clear();
      queues.clear();
    },
  };
}
