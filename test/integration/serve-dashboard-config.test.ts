import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from '../helpers/run-cli.ts';
import { useTempDirs, writeConfig } from '../helpers/temp-dir.ts';
import { selfSignedCert } from '../helpers/self-signed-cert.ts';

// `streamtray serve` takes dashboard.allowedHosts and dashboard.tls from the config file.

const TOKEN = 'tok-4a8b2c6d0e1f3579';
const tempDir = useTempDirs();
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

describe('serve with dashboard settings from the config', () => {
  it('refuses to answer to other host names without a token, naming the setting and the variable', async () => {
    const dir = await tempDir();
    const config = await writeConfig(dir, {
      dashboard: { port: 0, allowedHosts: ['noc.example.test'] },
      webhooks: { port: 0 },
    });
    const run = await runCli(['--config', config, '--data-dir', dir, 'serve']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dashboard.allowedHosts');
    expect(run.stderr).toContain('STREAMTRAY_DASHBOARD_TOKEN');
  });

  it('stops at a TLS certificate it cannot read, naming the field and the file', async () => {
    const dir = await tempDir();
    const missing = path.join(dir, 'missing.pem');
    const config = await writeConfig(dir, {
      dashboard: { port: 0, tls: { certFile: missing, keyFile: missing } },
      webhooks: { port: 0 },
    });
    const run = await runCli(['--config', config, '--data-dir', dir, 'serve']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`dashboard.tls.certFile: cannot read "${missing}"`);
    expect(run.stderr).not.toContain('set STREAMTRAY_DASHBOARD_TOKEN');
  });

  it('serves HTTPS to an allowed name with the token', async () => {
    const dir = await tempDir();
    const name = 'noc.example.test';
    const tls = selfSignedCert(dir, [name]);
    const config = await writeConfig(dir, {
      dashboard: { port: 0, allowedHosts: [name], tls },
      webhooks: { port: 0 },
    });
    const child = spawn(process.execPath, [CLI_BIN, '--config', config, '--data-dir', dir, 'serve'], {
      env: { PATH: process.env['PATH'] ?? '', STREAMTRAY_DASHBOARD_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    await expect
      .poll(() => /Dashboard: https:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout), { timeout: 15_000 })
      .not.toBeNull();
    const port = Number(/Dashboard: https:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout)?.[1]);
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request(
        {
          host: name,
          port,
          method: 'POST',
          path: '/api/settings',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          ca: readFileSync(tls.certFile),
          lookup: toLoopback,
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(200);
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('close', resolve));
    expect(stdout).toContain('Stopped.');
  }, 30_000);
});
