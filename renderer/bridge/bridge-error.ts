/**
 * A failed Bridge call or event, as the views see it. `kind` is the server's (`invalid-request`,
 * `not-found`, `auth`, `upstream`, …) or the client's own: `network` (the core could not be reached)
 * and `invalid-response` (a message that does not match the contract).
 */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  readonly kind: string;

  constructor(kind: string, message: string) {
    super(message);
    this.kind = kind;
  }
}
