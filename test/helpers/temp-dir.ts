import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temporary directory per call, removed after the test. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'streamtray-test-'));
    made.push(dir);
    return dir;
  };
}

/** Writes `document` (JSON-serialized unless already text) as `<dir>/config.json` and returns the path. */
export async function writeConfig(dir: string, document: unknown): Promise<string> {
  const file = path.join(dir, 'config.json');
  await writeFile(file, typeof document === 'string' ? document : JSON.stringify(document, null, 2));
  return file;
}
