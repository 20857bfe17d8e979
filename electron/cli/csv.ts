// One CSV writer for the CLI and the dashboard.
export { toCsv } from '../../shared/csv.ts';
