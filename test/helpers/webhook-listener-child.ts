// A listener in a process of its own, for the SIGKILL durability test and the throughput benchmark:
//   node test/helpers/webhook-listener-child.ts <dataDir> [full|normal] [--no-engine]
// Prints `port <n>` once listening. The token is the harness's fixed test token. Without a sync mode
// the alert log's default is used, which is what the durability test must exercise. Stored events go
// to the alert engine with its SQLite incident store through the log's feed, as in `serve`; with
// --no-engine they stay in the log (the benchmark's measure of the log's own share).
import { createAlertEngine } from '../../electron/core/alerts/alert-engine.ts';
import { realClock } from '../../electron/core/clock.ts';
import { openAlertLog } from '../../electron/core/store/alert-log.ts';
import { startWebhookListener } from '../../electron/core/webhooks/webhook-listener.ts';
import { SOURCE, TOKEN } from './webhook-harness.ts';

const args = process.argv.slice(2);
const withEngine = !args.includes('--no-engine');
const [dataDir, sync] = args.filter((arg) => arg !== '--no-engine');
if (!dataDir || (sync !== undefined && sync !== 'full' && sync !== 'normal')) {
  process.stderr.write('usage: webhook-listener-child.ts <dataDir> [full|normal] [--no-engine]\n');
  process.exit(2);
}
const log = openAlertLog(dataDir, sync === undefined ? {} : { sync });
let notices = 0;
const engine = createAlertEngine({
  store: log.incidents,
  clock: realClock,
  notifier: {
    notify: () => {
      notices += 1;
    },
  },
});
if (withEngine) {
  log.onStored(
    (events) => engine.ingestMany(events),
    (error) => process.stderr.write(`alert engine failed: ${String(error)}\n`),
  );
}
const listener = await startWebhookListener({
  port: 0,
  tokens: (id) => (id === SOURCE ? TOKEN : null),
  alertLog: log,
});
process.stdout.write(`port ${listener.port}\n`);
process.on('SIGTERM', () => {
  void listener.close().then(() => {
    log.drainToConsumer();
    log.close();
    engine.dispose();
    const { stored, commits } = log.stats();
    process.stdout.write(`stored ${stored} commits ${commits} notices ${notices}\n`);
    process.exit(0);
  });
});
