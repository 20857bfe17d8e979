// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'crypto', 'child_process', 'url'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'release/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the shell may touch Electron: everything else must run under `streamtray serve` and in tests.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only electron/shell/ may import electron.' }] },
      ],
    },
  },
  {
    files: ['electron/shell/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // shared/ is used by Node and the browser alike: no Node or Electron APIs.
    files: ['shared/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only electron/shell/ may import electron.' }],
          patterns: [{ group: nodeBuiltins, message: 'shared/ and renderer/ must not use Node APIs.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
