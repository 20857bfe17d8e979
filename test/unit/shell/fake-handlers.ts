import type { BridgeHandlers } from '../../../shared/bridge.ts';

/** Handlers for tests: the ones given, and every other method failing loudly if called. */
export function fakeHandlers(given: Partial<BridgeHandlers>): BridgeHandlers {
  return new Proxy(given, {
    get(target, name: string) {
      return (
        (target as Record<string, unknown>)[name] ??
        (() => {
          throw new Error(`handler "${name}" was not expected in this test`);
        })
      );
    },
  }) as BridgeHandlers;
}
