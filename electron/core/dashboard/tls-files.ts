import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { DashboardConfigError } from './dashboard-errors.ts';

// `dashboard.tls`: the certificate and key the dashboard serves HTTPS with, read once at start. A file
// that is missing or not PEM stops the start with a message naming the field and the file.

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

async function readPem(field: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new DashboardConfigError(
      'dashboard.tls',
      `dashboard.tls.${field}: cannot read "${file}" (${code})`,
    );
  }
}

export async function loadTlsFiles(files: TlsFiles): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([
    readPem('certFile', files.certFile),
    readPem('keyFile', files.keyFile),
  ]);
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    // OpenSSL's words ("key values mismatch", "no start line") name the problem well enough; no key bytes.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DashboardConfigError(
      'dashboard.tls',
      `dashboard.tls: "${files.certFile}" and "${files.keyFile}" are not a PEM certificate and its key (${reason})`,
    );
  }
  return { cert, key };
}
