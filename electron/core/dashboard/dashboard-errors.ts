/** The dashboard cannot start as configured; the message names the field and what to do. */
export class DashboardConfigError extends Error {
  override readonly name = 'DashboardConfigError';
  /** What is wrong: the token (off loopback), or the `dashboard.tls` files. */
  readonly field: 'token' | 'dashboard.tls';

  constructor(field: 'token' | 'dashboard.tls', message: string) {
    super(message);
    this.field = field;
  }
}
