import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', 'bench/results/', '.gitlab-ci-local/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'vitest', message: 'Only tests import vitest.' }] }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'vitest.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
