import { Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import packageJson from '../../../package.json' with { type: 'json' };

// `streamtray_build_info`: always 1, its labels say which Streamtray and which Node answer this scrape,
// so a dashboard can show the version and a team can tell which hosts still run an old one.

export const STREAMTRAY_VERSION = z.object({ version: z.string().min(1) }).parse(packageJson).version;

export function registerBuildInfo(registry: Registry, version = STREAMTRAY_VERSION): void {
  const gauge = new Gauge<'version' | 'nodejs_version'>({
    name: 'streamtray_build_info',
    help: 'Always 1; the labels give the Streamtray version and the Node.js version running it.',
    labelNames: ['version', 'nodejs_version'],
    registers: [registry],
  });
  gauge.set({ version, nodejs_version: process.versions.node }, 1);
}
