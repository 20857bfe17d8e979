import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Bundles the Electron shell: `vite build -c build/vite.electron.config.ts` → dist-electron/main.js (ESM),
// `… --mode preload` → dist-electron/preload.cjs. The preload is one CommonJS file because a sandboxed
// preload can load no other file. The main bundle leaves Node built-ins, Electron and keytar's native
// module to the runtime.
export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  const external = ['electron', '@github/keytar', /^node:/, ...builtinModules];
  return {
    root: import.meta.dirname + '/..',
    publicDir: false,
    build: {
      outDir: 'dist-electron',
      // The two builds share the folder: only the first (main) empties it.
      emptyOutDir: !preload,
      target: 'node22',
      minify: false,
      sourcemap: true,
      ...(preload
        ? {
            lib: {
              entry: 'electron/shell/preload.ts',
              formats: ['cjs' as const],
              fileName: () => 'preload.cjs',
            },
          }
        : { ssr: 'electron/shell/main.ts' }),
      rollupOptions: {
        external,
        output: preload ? {} : { entryFileNames: 'main.js', format: 'es' as const },
      },
    },
    ...(preload ? {} : { ssr: { noExternal: true, external: ['electron', '@github/keytar'] } }),
  };
});
