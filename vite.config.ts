import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The renderer is built from renderer/ into dist/renderer; `streamtray serve` serves that folder and the
// Electron shell loads it. Vitest runs from the project root over test/.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true },
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
