import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Incident } from '../../shared/alerts.ts';
import { configSchema, type Config } from '../../shared/config.ts';
import type { Clock } from '../../electron/core/clock.ts';
import { createContactPoints, type ContactPoints } from '../../electron/core/notify/contact-points.ts';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.ts';
import { SecretVault } from '../../electron/core/secrets/secret-vault.ts';

// Contact points for the benchmarks, made as the core makes them: webhook points (Standard Webhooks,
// signed) whose receivers are local servers, one slow, one refusing connections, one counting.

export const BENCH_SIGNING_SECRET = `whsec_${Buffer.from('streamtray-bench-signing-key-32b').toString('base64')}`;

export function webhookPointsConfig(urls: Record<string, string>): Config {
  return configSchema.parse({
    notify: Object.entries(urls).map(([id, url]) => ({ id, type: 'webhook', url, minSeverity: 'info', repeatMinutes: 0 })),
  });
}

export function benchContactPoints(options: {
  dataDir: string;
  config: Config;
  clock: Clock;
  incident: (id: number) => Incident | undefined;
  openIncidents: () => Incident[];
}): ContactPoints {
  const env = Object.fromEntries(
    options.config.notify.map((point) => [`STREAMTRAY_NOTIFY_SECRET_${point.id.toUpperCase()}`, BENCH_SIGNING_SECRET]),
  );
  return createContactPoints({
    dataDir: options.dataDir,
    config: () => options.config,
    vault: new SecretVault(new MemorySecretStore(), env),
    clock: options.clock,
    log: (message) => process.stderr.write(`contact points: ${message}\n`),
    incident: options.incident,
    openIncidents: options.openIncidents,
    locale: () => 'en',
    sourceName: () => undefined,
  });
}

/** A receiver that answers 202 after `delayMs`, counting what it got. */
export async function startReceiver(delayMs = 0): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      setTimeout(() => res.writeHead(202).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on: connections are refused. */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/hook`;
}
