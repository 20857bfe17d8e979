import { describe, expect, it } from 'vitest';
import type { BridgeTransport } from '../../../../shared/bridge-transport.ts';
import { BridgeError } from '../../../../renderer/bridge/bridge-error.ts';
import { createBridgeClient } from '../../../../renderer/bridge/create-bridge-client.ts';
import { findPreloadTransport } from '../../../../renderer/bridge/ipc-transport.ts';
import { snapshotFixture } from '../../core/dashboard/fake-bridge.ts';

/** Stands in for the Electron preload's `window.streamtray`. */
function fakePreload(answer: (name: string, request: unknown) => unknown) {
  const calls: { name: string; request: unknown }[] = [];
  const subscribers = new Set<(name: string, payload: unknown) => void>();
  const transport: BridgeTransport = {
    invoke: (name, request) => {
      calls.push({ name, request });
      return Promise.resolve(answer(name, request));
    },
    onEvent: (fn) => {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
  };
  return {
    transport,
    calls,
    subscribers,
    emit: (name: string, payload: unknown) => subscribers.forEach((fn) => fn(name, payload)),
  };
}

describe('createBridgeClient', () => {
  it('calls each contract method through the transport and returns the validated answer', async () => {
    const preload = fakePreload((name) =>
      name === 'snapshot' ? { ok: true, value: snapshotFixture(55) } : { ok: true, value: { paused: true } },
    );
    const client = createBridgeClient({ transport: preload.transport });
    expect(await client.snapshot({})).toEqual(snapshotFixture(55));
    expect(await client.setPaused({ paused: true })).toEqual({ paused: true });
    expect(preload.calls).toEqual([
      { name: 'snapshot', request: {} },
      { name: 'setPaused', request: { paused: true } },
    ]);
  });

  it('turns an answer that breaks the contract into an invalid-response error naming the field', async () => {
    const snapshot = { ...snapshotFixture(), total: { viewers: -3, bandwidthBps: null } };
    const client = createBridgeClient({
      transport: fakePreload(() => ({ ok: true, value: snapshot })).transport,
    });
    const error = await client.snapshot({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ kind: 'invalid-response' });
    expect((error as Error).message).toContain('total.viewers');
    const garbage = createBridgeClient({ transport: fakePreload(() => 'oops').transport });
    await expect(garbage.settings({})).rejects.toMatchObject({ kind: 'invalid-response' });
  });

  it('passes the core failure kind and message through', async () => {
    const client = createBridgeClient({
      transport: fakePreload(() => ({
        ok: false,
        error: { kind: 'auth', message: 'credentials rejected (HTTP 401)' },
      })).transport,
    });
    await expect(client.testSource({ id: 'pili' })).rejects.toMatchObject({
      kind: 'auth',
      message: 'credentials rejected (HTTP 401)',
    });
  });

  it('refuses an invalid request without a round trip', async () => {
    const preload = fakePreload(() => ({ ok: true, value: { ok: true } }));
    const client = createBridgeClient({ transport: preload.transport });
    // A view bypassing the types (data from a form) must still be caught, naming the field.
    const request = { incidentId: 0 };
    await expect(client.acknowledge(request)).rejects.toMatchObject({ kind: 'invalid-request' });
    await expect(client.acknowledge(request)).rejects.toThrow('incidentId');
    expect(preload.calls).toHaveLength(0);
  });

  it('delivers valid events, drops malformed ones with a report, and ignores unknown names', () => {
    const preload = fakePreload(() => null);
    const problems: BridgeError[] = [];
    const client = createBridgeClient({ transport: preload.transport, onProblem: (e) => problems.push(e) });
    const seen: number[] = [];
    client.on('snapshot', (snapshot) => seen.push(snapshot.total.viewers ?? -1));
    preload.emit('snapshot', snapshotFixture(8));
    preload.emit('snapshot', { ...snapshotFixture(9), glance: null });
    preload.emit('from-the-future', { anything: true });
    expect(seen).toEqual([8]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('event "snapshot" dropped: glance');
  });

  it('keeps other listeners going when one throws', () => {
    const preload = fakePreload(() => null);
    const problems: BridgeError[] = [];
    const client = createBridgeClient({ transport: preload.transport, onProblem: (e) => problems.push(e) });
    let delivered = 0;
    client.on('snapshot', () => {
      throw new Error('view bug');
    });
    client.on('snapshot', () => delivered++);
    preload.emit('snapshot', snapshotFixture());
    expect(delivered).toBe(1);
    expect(problems[0]?.message).toContain('view bug');
  });

  it('subscribes to the transport only while someone listens', () => {
    const preload = fakePreload(() => null);
    const client = createBridgeClient({ transport: preload.transport });
    expect(preload.subscribers.size).toBe(0);
    const off1 = client.on('snapshot', () => {});
    const off2 = client.on('notice', () => {});
    expect(preload.subscribers.size).toBe(1);
    off1();
    expect(preload.subscribers.size).toBe(1);
    off2();
    expect(preload.subscribers.size).toBe(0);
  });

  it('refuses calls after close', async () => {
    const client = createBridgeClient({
      transport: fakePreload(() => ({ ok: true, value: { ok: true } })).transport,
    });
    client.close();
    await expect(client.refresh({})).rejects.toMatchObject({ kind: 'closed' });
  });
});

describe('findPreloadTransport', () => {
  it('uses window.streamtray only when it has the preload shape', () => {
    const preload = fakePreload(() => null).transport;
    expect(findPreloadTransport({ streamtray: preload })).toBe(preload);
    expect(findPreloadTransport({ streamtray: { invoke: 'no' } })).toBeNull();
    expect(findPreloadTransport({})).toBeNull();
  });
});
