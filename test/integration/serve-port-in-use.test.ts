import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { useTempDirs, writeConfig } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();

describe('streamtray serve with its webhook port taken', () => {
  it('exits 2 naming the address and the setting to change, leaving no lock behind', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const dir = await tempDir();
      const config = await writeConfig(dir, { sources: [] });
      const args = ['serve', '--config', config, '--data-dir', `${dir}/data`, '--port', '0', '--webhook-port', String(port)];
      const first = await runCli(args, { env: { HOME: dir } });
      expect(first.code).toBe(2);
      expect(first.stderr).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(first.stderr).toContain('webhooks.port');
      // The data dir's lock went with the failed start: the next try meets the port, not a lock.
      const second = await runCli(args, { env: { HOME: dir } });
      expect(second.stderr).not.toMatch(/in use by|lock/i);
      expect(second.code).toBe(2);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
