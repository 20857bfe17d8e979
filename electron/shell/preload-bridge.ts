import { isBridgeMethod } from '../../shared/bridge.ts';
import {
  BRIDGE_EVENT_CHANNEL,
  bridgeInvokeChannel,
  type BridgeInvokeResult,
  type BridgeTransport,
} from '../../shared/bridge-transport.ts';
import { BRIDGE_READY_CHANNEL } from './ipc-channels.ts';

// What the preload hands the page as `window.streamtray`: exactly BridgeTransport, over the Bridge's own
// channels. The page never sees ipcRenderer, its events or any other channel; a method name outside the
// contract is refused here, before anything is sent.

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export const PRELOAD_GLOBAL = 'streamtray';

export function createPreloadBridge(ipcRenderer: IpcRendererLike): BridgeTransport {
  let saidReady = false;
  return {
    invoke(name: string, request: unknown): Promise<unknown> {
      if (typeof name !== 'string' || !isBridgeMethod(name)) {
        const refused: BridgeInvokeResult = {
          ok: false,
          error: { kind: 'not-found', message: `no Bridge method "${String(name)}"` },
        };
        return Promise.resolve(refused);
      }
      return ipcRenderer.invoke(bridgeInvokeChannel(name), request);
    },
    onEvent(fn: (name: string, payload: unknown) => void): () => void {
      // The IPC event object carries the sender and ports: the page gets only name and payload.
      const listener = (_event: unknown, name: unknown, payload: unknown) => {
        if (typeof name === 'string') fn(name, payload);
      };
      ipcRenderer.on(BRIDGE_EVENT_CHANNEL, listener);
      // The first listener is the renderer's "ready": queued events are flushed to it.
      if (!saidReady) {
        saidReady = true;
        ipcRenderer.send(BRIDGE_READY_CHANNEL);
      }
      return () => {
        ipcRenderer.removeListener(BRIDGE_EVENT_CHANNEL, listener);
      };
    },
  };
}
