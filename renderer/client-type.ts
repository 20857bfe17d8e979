import type { BridgeApi, BridgeEvent, BridgeEventName } from '../shared/bridge.ts';

/**
 * What the views need from the Bridge client (renderer/bridge/create-bridge-client.ts): the contract's
 * methods plus its events. Declared structurally so views and tests depend on the contract, not on a
 * transport.
 */
export type DashboardClient = BridgeApi & {
  on<E extends BridgeEventName>(name: E, listener: (payload: BridgeEvent<E>) => void): () => void;
};
