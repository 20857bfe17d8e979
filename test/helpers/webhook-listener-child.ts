// A listener in a process of its own, for the SIGKILL durability test and the throughput benchmark:
//   node test/helpers/webhook-listener-child.ts <dataDir> [full|normal] [--no-engine] [--notify JSON]
// Prints `port <n>` once listening. The token is the harness's fixed test token. Without a sync mode
// the alert log's default is used, which is what the durability test must exercise. Stored events go
// to the alert engine with its SQLite incident store through the log's feed, as in `serve`; with
// --no-engine they stay in the log (the benchmark's measure of the log's own share). With --notify
// (a JSON object of point id → URL) the engine's notices also go to those webhook contact points.
import { createAlertEngine } from '../../electron/core/alerts/alert-engine.ts';
import { realClock } from '../../electron/core/clock.ts';
import { openAlertLog } from '../../electron/core/store/alert-log.ts';
import { startWebhookListener } from '../../electron/core/webhooks/webhook-listener.ts';
import { benchContactPoints, webhookPointsConfig } from './bench-contact-points.ts';
import { SOURCE, TOKEN } from './webhook-harness.ts';

const args = process.argv.slice(2);
const withEngine = !args.includes('--no-engine');
const notifyAt = args.indexOf('--notify');
const notifyUrls = notifyAt === -1 ? null : (JSON.parse(args[notifyAt + 1] ?? '{}') as Record<string, string>);
const notifyArgs = notifyAt === -1 ? [] : [notifyAt, notifyAt + 1];
const [dataDir, sync] = args.filter((arg, index) => arg !== '--no-engine' && !notifyArgs.includes(index));
if (!dataDir || (sync !== undefined && sync !== 'full' && sync !== 'normal')) {
  process.stderr.write('usage: webhook-listener-child.ts <dataDir> [full|normal] [--no-engine] [--notify JSON]\n');
  process.exit(2);
}
const log = openAlertLog(dataDir, sync === undefined ? {} : { sync });
let notices = 0;
const contactPoints = notifyUrls
  ? benchContactPoints({
      dataDir,
      config: webhookPointsConfig(notifyUrls),
      clock: realClock,
      incident: (id) => log.incidents.get(id),
      openIncidents: () => engine.openIncidents(),
    })
  : null;
const engine = createAlertEngine({
  store: log.incidents,
  clock: realClock,
  notifier: {
    notify: (notice) => {
      notices += 1;
      contactPoints?.notify(notice, false);
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
    void contactPoints?.close();
    const { stored, commits } = log.stats();
    process.stdout.write(`stored ${stored} commits ${commits} notices ${notices}\n`);
    process.exit(0);
  });
});
