import { spawn } from 'node:child_process';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface SessionRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh HOME and XDG directories, so a test's keyring is its own and starts empty. */
export async function isolatedHome(root: string): Promise<Record<string, string>> {
  const home = path.join(root, 'home');
  const runtime = path.join(root, 'run');
  await mkdir(home, { recursive: true });
  await mkdir(runtime, { recursive: true });
  await chmod(runtime, 0o700);
  return {
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
}

/**
 * Runs `command` (argv) inside a private D-Bus session with a real Secret Service: gnome-keyring-daemon,
 * its login keyring created and unlocked with a throwaway password given on stdin, exactly as a desktop
 * session would. `stdin` is passed to the command.
 */
export function inSecretServiceSession(
  command: readonly string[],
  env: Record<string, string>,
  options: { stdin?: string; timeoutMs?: number } = {},
): Promise<SessionRun> {
  const script =
    'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 97; ' +
    'unset KEYRING_PASSWORD; exec "$@"';
  return run(
    ['dbus-run-session', '--', 'sh', '-c', script, 'sh', ...command],
    { ...env, KEYRING_PASSWORD: 'test-keyring' },
    options,
  );
}

export function run(
  argv: readonly string[],
  env: Record<string, string>,
  options: { stdin?: string; timeoutMs?: number } = {},
): Promise<SessionRun> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('nothing to run');
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also ends the bus and keyring daemons it started.
    const child = spawn(file, args, {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timeoutMs = options.timeoutMs ?? 15_000;
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${argv.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
