/** The dashboard cannot start as configured; the message names the field and what to do. */
export class DashboardConfigError extends Error {
  override readonly name = 'DashboardConfigError';
}
