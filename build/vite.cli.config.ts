import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Bundles the `streamtray` command into dist/cli/main.js (built on install by `prepare`). One plain-JS
// file starts without Node's TypeScript stripper and hundreds of module records: an idle `serve` takes
// ~75 MB instead of ~115 MB. Dependencies are bundled too, except keytar's native module and `conf`,
// which is loaded only when the config is first written.
export default defineConfig({
  root: import.meta.dirname + '/..',
  publicDir: false,
  build: {
    outDir: 'dist/cli',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: true,
    ssr: 'electron/cli/main.ts',
    rollupOptions: {
      external: ['@github/keytar', 'conf', /^node:/, ...builtinModules],
      output: { entryFileNames: 'main.js', format: 'es' },
    },
  },
  ssr: { noExternal: true, external: ['@github/keytar', 'conf'] },
});
