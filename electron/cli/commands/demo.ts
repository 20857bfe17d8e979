import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { validateConfigDocument } from '../../core/config/config-file.ts';
import { MemorySecretStore } from '../../core/secrets/memory-secret-store.ts';
import { SecretVault } from '../../core/secrets/secret-vault.ts';
import { runDemoScenario } from '../../simulators/demo/demo-scenario.ts';
import { startDemoWorld } from '../../simulators/demo/demo-world.ts';
import { UsageError, type Command } from '../command.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { parsePort } from './serve.ts';
import { serve } from './serve-runtime.ts';

const USAGE = `usage: streamtray demo [--port PORT] [--webhook-port PORT] [--keep-data]

Zero set-up: starts simulated Qiniu, ScaleEngine and WMSPanel accounts (about 200 streams with an evening
audience curve), a generated config in a temporary directory, and a scenario of outages and recoveries
pushed to the webhook listener; then serves the dashboard like "streamtray serve" and prints its URL.
  --port PORT          the dashboard's port (default: any free port)
  --webhook-port PORT  the webhook listener's port (default: any free port)
  --keep-data          keep the temporary directory (config, history, alert log) after stopping
Stops cleanly on Ctrl-C or SIGTERM.`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'serve with built-in simulators and a generated config: zero set-up',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      port: { type: 'string' },
      'webhook-port': { type: 'string' },
      'keep-data': { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError('demo takes no arguments');
    const dashboardPort = parsePort(values.port, '--port') ?? 0;
    const webhookPort = parsePort(values['webhook-port'], '--webhook-port') ?? 0;

    const dir = await mkdtemp(join(os.tmpdir(), 'streamtray-demo-'));
    const world = await startDemoWorld();
    try {
      const configPath = join(dir, 'config.json');
      await writeFile(configPath, `${JSON.stringify(world.config, null, 2)}\n`);
      const config = validateConfigDocument(configPath, world.config);
      context.io.stdout.write(`Streamtray demo: simulated providers at ${world.qiniu.origin}, ${world.scaleengine.origin}, ${world.wmspanel.origin}\n`);
      context.io.stdout.write(`Demo data in ${dir}${values['keep-data'] === true ? '' : ' (removed on exit)'}\n`);
      return await serve({
        context: { ...context, dataDir: dir, configPath },
        config,
        configPath,
        // The demo's made-up secrets live in memory only; the environment must not override them.
        vault: new SecretVault(new MemorySecretStore(world.secrets), {}),
        dashboard: { host: '127.0.0.1', port: dashboardPort },
        webhooks: { host: '127.0.0.1', port: webhookPort },
        onReady: ({ webhookOrigin }) => {
          const scenario = runDemoScenario(world, `${webhookOrigin}/webhooks/wms`, {
            onError: (error) =>
              context.io.stderr.write(`streamtray demo: scenario step failed: ${error instanceof Error ? error.message : String(error)}\n`),
          });
          return Promise.resolve(() => {
            scenario.stop();
            return Promise.resolve();
          });
        },
      });
    } finally {
      // The data first: closing the simulators waits for idle keep-alive connections to drain.
      if (values['keep-data'] !== true) await rm(dir, { recursive: true, force: true });
      await world.close();
    }
  },
};
