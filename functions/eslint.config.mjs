import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * The layers, as import rules (docs/architecture.md draws them):
 * - domain/ is pure: no Firebase, no Google Cloud, no I/O;
 * - checkout/commands/ are pure decisions over a working set: no reads or writes of their own;
 * - only triggers/, config.ts, logs.ts and app.ts know the trigger framework (firebase-functions);
 * - a capability (sync, ingest, checkout, events, ops) uses the stock module and the public store
 *   of another aggregate, never another capability's internals; adapters implement ports and
 *   never reach up into triggers or the composition root.
 */
const FRAMEWORK = { group: ['firebase-functions', 'firebase-functions/*'], message: 'Only triggers/, config.ts, logs.ts and app.ts know the trigger framework.' };
const capability = (name, ...allowed) => ({
  group: [`**/${name}/*`, ...allowed.map((a) => `!**/${name}/${a}`)],
  message: `Not ${name}'s internals${allowed.length ? ` (its public part: ${allowed.join(', ')})` : ''}.`,
});
const UP = { group: ['**/triggers/*', '../app', '../../app'], message: 'Use cases and adapters never import triggers or the composition root.' };
const restrict = (...patterns) => ['error', { patterns: [FRAMEWORK, UP, ...patterns] }];

export default defineConfig(
  { ignores: ['lib/**', 'node_modules/**', 'eslint.config.mjs'] },
  tseslint.configs.recommended,
  {
    // Type-aware: a promise nobody awaits (or marks with `void`) is a bug waiting for a crash.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // CLIs, simulator and benchmarks print to the terminal by design.
    files: ['tools/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  { files: ['src/adapters/**'], rules: { 'no-restricted-imports': restrict() } },
  { files: ['src/stock/**'], rules: { 'no-restricted-imports': restrict(capability('sync'), capability('checkout'), capability('ingest'), capability('ops'), capability('events')) } },
  { files: ['src/sync/**'], rules: { 'no-restricted-imports': restrict(capability('checkout'), capability('ingest'), capability('ops'), capability('events')) } },
  { files: ['src/ingest/**'], rules: { 'no-restricted-imports': restrict(capability('sync'), capability('checkout'), capability('ops'), capability('events')) } },
  { files: ['src/checkout/**'], rules: { 'no-restricted-imports': restrict(capability('sync'), capability('ingest'), capability('ops'), capability('events')) } },
  { files: ['src/events/**'], rules: { 'no-restricted-imports': restrict(capability('sync'), capability('checkout'), capability('ingest'), capability('ops')) } },
  { files: ['src/vendors/**'], rules: { 'no-restricted-imports': restrict(capability('sync'), capability('checkout'), capability('ingest', 'ports'), capability('ops'), capability('events')) } },
  { files: ['src/ops/**'], rules: { 'no-restricted-imports': restrict(capability('sync'), capability('checkout', 'reservation-store'), capability('ingest'), capability('events')) } },
  {
    files: ['src/checkout/commands/**'],
    rules: {
      'no-restricted-imports': restrict(
        capability('sync'), capability('ingest'), capability('ops'), capability('events'),
        { group: ['@google-cloud/*', 'node:*', '**/adapters/*', '**/stock/*', '**/command-queue', '**/command-tx'], allowTypeImports: true, message: 'A command is a pure decision over its working set: no I/O of its own (types are fine).' },
      ),
    },
  },
  {
    // The domain core stays pure: no Firebase, no Google Cloud, no I/O.
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['firebase*', 'firebase-*', '@google-cloud/*', 'node:*', '../adapters/*'] }],
    },
  },
);
