// The channels the preload and the main process agree on, beyond the Bridge's own (shared/bridge-transport.ts).

/** The renderer says it listens for events: until then, events for its window are queued. */
export const BRIDGE_READY_CHANNEL = 'bridge:ready';
