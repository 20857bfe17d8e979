import { describe, expect, it } from 'vitest';
import { BRIDGE_METHOD_NAMES } from '../../../shared/bridge.ts';
import { BRIDGE_EVENT_CHANNEL } from '../../../shared/bridge-transport.ts';
import {
  registerBridgeIpc,
  type IpcEvent,
  type IpcMainLike,
  type IpcTarget,
} from '../../../electron/shell/ipc.ts';
import { BRIDGE_READY_CHANNEL } from '../../../electron/shell/ipc-channels.ts';
import { createSenderCheck, isAppUrl } from '../../../electron/shell/sender-check.ts';
import { fakeHandlers } from './fake-handlers.ts';

const APP_URL = 'app://streamtray/index.html';

type Listener = (event: IpcEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const listeners = new Map<string, Listener[]>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
    on: (channel, listener) => void listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: (channel, listener) =>
      void listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((l) => l !== listener),
      ),
  };
  return {
    ipcMain,
    handlers,
    invoke: (channel: string, event: IpcEvent, request: unknown) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler on ${channel}`);
      return Promise.resolve(handler(event, request));
    },
    emit: (channel: string, event: IpcEvent) => {
      for (const listener of listeners.get(channel) ?? []) listener(event);
    },
  };
}

function fakeTarget(id: number): IpcTarget & { sent: unknown[][]; destroyed: boolean } {
  return {
    id,
    sent: [],
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    send(...args) {
      this.sent.push(args);
    },
  };
}

const eventFrom = (target: IpcTarget, url: string, parent: unknown = null): IpcEvent => ({
  sender: target,
  senderFrame: { url, parent },
});

function setup(given: Parameters<typeof fakeHandlers>[0] = {}) {
  const ipc = fakeIpcMain();
  const window = fakeTarget(7);
  const logs: string[] = [];
  const bridge = registerBridgeIpc({
    ipcMain: ipc.ipcMain,
    handlers: fakeHandlers(given),
    isTrustedSender: createSenderCheck({ appUrl: APP_URL, windowIds: () => [window.id] }),
    targets: () => [window],
    log: (message) => logs.push(message),
  });
  return { ipc, window, logs, bridge };
}

describe('Bridge IPC', () => {
  it('registers one handler per Bridge method on bridge:<name>', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(
      BRIDGE_METHOD_NAMES.map((name) => `bridge:${name}`).sort(),
    );
  });

  it('routes a valid request from our window to its handler, with defaults applied', async () => {
    const seen: unknown[] = [];
    const { ipc, window } = setup({
      alertEvents: (request) => {
        seen.push(request);
        return { events: [] };
      },
    });
    const result = await ipc.invoke('bridge:alertEvents', eventFrom(window, `${APP_URL}#/incidents/3`), {});
    expect(result).toEqual({ ok: true, value: { events: [] } });
    expect(seen).toEqual([{ limit: 500 }]);
  });

  it('rejects a bad payload with a message naming the field, without calling the handler', async () => {
    let called = false;
    const { ipc, window } = setup({
      setPaused: () => {
        called = true;
        return { paused: true };
      },
    });
    const result = await ipc.invoke('bridge:setPaused', eventFrom(window, APP_URL), { paused: 'yes' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(JSON.stringify(result)).toContain('paused');
    expect(called).toBe(false);
  });

  it.each([
    ['another webContents', (_w: IpcTarget) => eventFrom(fakeTarget(99), APP_URL), 'window 99'],
    [
      'a page that navigated away',
      (w: IpcTarget) => eventFrom(w, 'https://evil.example/x?token=abc'),
      'evil',
    ],
    ['an iframe in our window', (w: IpcTarget) => eventFrom(w, APP_URL, {}), 'iframe'],
    ['another file on disk', (w: IpcTarget) => eventFrom(w, 'file:///tmp/index.html'), 'file'],
    ['another app:// host', (w: IpcTarget) => eventFrom(w, 'app://other/index.html'), 'other host'],
  ])('drops a call from %s', async (_what, makeEvent) => {
    let called = false;
    const { ipc, window, logs } = setup({
      deleteSource: () => {
        called = true;
        return { ok: true };
      },
    });
    const result = await ipc.invoke('bridge:deleteSource', makeEvent(window), { id: 'pili' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(called).toBe(false);
    expect(logs.join('\n')).toMatch(/foreign sender/);
    // A token in a foreign URL's query is not copied into the log.
    expect(logs.join('\n')).not.toContain('abc');
  });

  it('answers an internal failure with a generic message and logs the detail', async () => {
    const { ipc, window, logs } = setup({
      refresh: () => {
        throw new Error('database is locked');
      },
    });
    const result = await ipc.invoke('bridge:refresh', eventFrom(window, APP_URL), {});
    expect(result).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'refresh failed inside Streamtray; see its log' },
    });
    expect(logs.join('\n')).toContain('database is locked');
  });

  it('rejects a handler answer that breaks the contract instead of passing it on', async () => {
    const { ipc, window } = setup({
      setPaused: () => ({ paused: 'maybe' }) as unknown as { paused: boolean },
    });
    const result = await ipc.invoke('bridge:setPaused', eventFrom(window, APP_URL), { paused: true });
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('queues events until the renderer says ready, keeping only the newest snapshot', () => {
    const { ipc, window, bridge } = setup();
    const notice = { hello: 1 } as never;
    bridge.publish('snapshot', { n: 1 } as never);
    bridge.publish('notice', notice);
    bridge.publish('snapshot', { n: 2 } as never);
    expect(window.sent).toEqual([]);

    ipc.emit(BRIDGE_READY_CHANNEL, eventFrom(window, APP_URL));
    expect(window.sent).toEqual([
      [BRIDGE_EVENT_CHANNEL, 'notice', notice],
      [BRIDGE_EVENT_CHANNEL, 'snapshot', { n: 2 }],
    ]);

    bridge.publish('incident', { id: 5 } as never);
    expect(window.sent.at(-1)).toEqual([BRIDGE_EVENT_CHANNEL, 'incident', { id: 5 }]);

    // A reload: events wait again until the new page is listening.
    bridge.notReady(window.id);
    bridge.publish('incident', { id: 6 } as never);
    expect(window.sent).toHaveLength(3);
  });

  it('ignores "ready" from a foreign sender', () => {
    const { ipc, window, bridge } = setup();
    ipc.emit(BRIDGE_READY_CHANNEL, eventFrom(window, 'https://evil.example/'));
    bridge.publish('incident', { id: 1 } as never);
    expect(window.sent).toEqual([]);
  });

  it('removes every handler on dispose', () => {
    const { ipc, bridge } = setup();
    bridge.dispose();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('isAppUrl', () => {
  it('accepts any page of app://streamtray and the dev server origin only', () => {
    expect(isAppUrl(`${APP_URL}#/x`, APP_URL)).toBe(true);
    expect(isAppUrl('app://streamtray/assets/index.js', APP_URL)).toBe(true);
    expect(isAppUrl('app://streamtray.evil/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('app://other/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('file:///opt/Streamtray/dist/renderer/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('http://localhost:5173/any/path', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
  });

  it('trusts no file:// page at all', () => {
    expect(isAppUrl('file:///app/index.html', 'file:///app/index.html')).toBe(false);
  });
});
