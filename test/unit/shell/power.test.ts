import { describe, expect, it } from 'vitest';
import { watchPower, type PowerMonitorLike } from '../../../electron/shell/power.ts';

function setup(initiallyPaused = false) {
  const listeners = new Map<string, Set<() => void>>();
  const powerMonitor: PowerMonitorLike = {
    on: (event, fn) => void (listeners.get(event) ?? listeners.set(event, new Set()).get(event))?.add(fn),
    removeListener: (event, fn) => void listeners.get(event)?.delete(fn),
  };
  let paused = initiallyPaused;
  const calls: boolean[] = [];
  const stop = watchPower({
    powerMonitor,
    isPaused: () => paused,
    setPaused: (next) => {
      calls.push(next);
      paused = next;
      return Promise.resolve({ paused: next });
    },
  });
  const emit = (event: string) => listeners.get(event)?.forEach((fn) => fn());
  return { emit, calls, stop, setOperatorPause: (value: boolean) => (paused = value) };
}

describe('power events', () => {
  it('pauses polling on suspend and resumes it on resume', () => {
    const { emit, calls } = setup();
    emit('suspend');
    emit('resume');
    expect(calls).toEqual([true, false]);
  });

  it("leaves the operator's own pause in place across a suspend", () => {
    const { emit, calls } = setup(true);
    emit('suspend');
    emit('resume');
    expect(calls).toEqual([]);
  });

  it('does nothing on a resume without a suspend, and nothing after being stopped', () => {
    const { emit, calls, stop } = setup();
    emit('resume');
    stop();
    emit('suspend');
    expect(calls).toEqual([]);
  });
});
