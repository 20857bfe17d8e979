import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_EVENT_CHANNEL } from '../../../shared/bridge-transport.ts';
import { createPreloadBridge, type IpcRendererLike } from '../../../electron/shell/preload-bridge.ts';
import { BRIDGE_READY_CHANNEL } from '../../../electron/shell/ipc-channels.ts';

type RendererListener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const listeners = new Map<string, RendererListener[]>();
  const invoked: unknown[][] = [];
  const sent: string[] = [];
  const renderer: IpcRendererLike = {
    invoke: (...args) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: { paused: true } });
    },
    send: (channel) => void sent.push(channel),
    on: (channel, listener) => void listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: (channel, listener) =>
      void listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((l) => l !== listener),
      ),
  };
  const fire = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? [])
      listener({ sender: 'secret internals', ports: [] }, ...args);
  };
  return { renderer, invoked, sent, fire, listeners };
}

const exposed = vi.hoisted(() => ({ calls: [] as Array<[string, unknown]> }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.calls.push([key, api]) },
  ipcRenderer: {
    invoke: () => Promise.resolve(null),
    send: () => undefined,
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

describe('preload', () => {
  beforeEach(() => {
    exposed.calls.length = 0;
    vi.resetModules();
  });

  it('exposes exactly one global, streamtray, with only invoke and onEvent', async () => {
    await import('../../../electron/shell/preload.ts');
    expect(exposed.calls).toHaveLength(1);
    const [key, api] = exposed.calls[0] ?? [];
    expect(key).toBe('streamtray');
    expect(Object.keys(api as object).sort()).toEqual(['invoke', 'onEvent']);
  });

  it('invokes Bridge methods on their channel', async () => {
    const ipc = fakeIpcRenderer();
    const bridge = createPreloadBridge(ipc.renderer);
    await expect(bridge.invoke('setPaused', { paused: true })).resolves.toEqual({
      ok: true,
      value: { paused: true },
    });
    expect(ipc.invoked).toEqual([['bridge:setPaused', { paused: true }]]);
  });

  it.each(['ready', 'event', '__proto__', 'constructor', '../secret'])(
    'refuses "%s", which is not a Bridge method, without sending anything',
    async (name) => {
      const ipc = fakeIpcRenderer();
      const bridge = createPreloadBridge(ipc.renderer);
      await expect(bridge.invoke(name, {})).resolves.toMatchObject({
        ok: false,
        error: { kind: 'not-found' },
      });
      expect(ipc.invoked).toEqual([]);
    },
  );

  it('passes events on as name and payload only, says ready once, and unsubscribes', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createPreloadBridge(ipc.renderer);
    const got: unknown[][] = [];
    const off = bridge.onEvent((...args) => got.push(args));
    bridge.onEvent(() => undefined);
    expect(ipc.sent).toEqual([BRIDGE_READY_CHANNEL]);

    ipc.fire(BRIDGE_EVENT_CHANNEL, 'snapshot', { at: 1 });
    expect(got).toEqual([['snapshot', { at: 1 }]]);

    off();
    ipc.fire(BRIDGE_EVENT_CHANNEL, 'snapshot', { at: 2 });
    expect(got).toHaveLength(1);
  });
});
