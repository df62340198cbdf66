/**
 * Lint for the web app (`web/src`, TypeScript) and the npm scripts (`scripts/*.mjs`), type-aware,
 * with the functions' own ESLint and typescript-eslint (one copy of the tools: functions/).
 * Run by `npm --prefix functions run lint` (functions/ has its own config, with the layer rules).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const fromFunctions = createRequire(new URL('./functions/package.json', import.meta.url));
const tseslint = fromFunctions('typescript-eslint');
const { defineConfig } = fromFunctions('eslint/config');
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(
  { ignores: ['**/node_modules/**', 'functions/**', 'web/dist/**', 'sdk/dist/**', 'sdk/test/**', 'sdk/examples/**', 'sdk/scripts/**', 'bench/**', 'emulator-data/**', 'artifacts/**', 'eslint.config.mjs'] },
  tseslint.configs.recommended,
  {
    files: ['web/src/**/*.ts'],
    languageOptions: { parserOptions: { project: './web/tsconfig.json', tsconfigRootDir: root } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['sdk/src/**/*.ts'],
    languageOptions: { parserOptions: { project: './sdk/tsconfig.json', tsconfigRootDir: root } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', URL: 'readonly', AbortSignal: 'readonly' },
    },
    rules: { '@typescript-eslint/no-floating-promises': 'error', 'no-undef': 'error' },
  },
);
