import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['lib/**', 'node_modules/**', 'eslint.config.mjs'] },
  ...tseslint.configs.recommended,
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
  {
    // The domain core stays pure: no Firebase, no Google Cloud, no I/O.
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['firebase*', 'firebase-*', '@google-cloud/*', 'node:*', '../adapters/*'] }],
    },
  },
);
