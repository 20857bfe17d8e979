import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** A self-signed certificate and key (PEM files in `dir`) for `names`, made with Debian's openssl. */
export function selfSignedCert(
  dir: string,
  names: readonly string[],
  ips: readonly string[] = [],
): { certFile: string; keyFile: string } {
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  const altNames = [...names.map((name) => `DNS:${name}`), ...ips.map((ip) => `IP:${ip}`)].join(',');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      `/CN=${names[0] ?? 'localhost'}`,
      '-addext',
      `subjectAltName=${altNames}`,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}
