// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no activity or
// store code (types only), nothing that does I/O. Caught here, in the editor and `pnpm lint`,
// before a bundle fails at worker start-up.
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const sandboxRestrictedImports = {
  paths: [
    ...['@hn/activities', '@hn/storage', '@hn/schedules', '@temporalio/activity'].map((name) => ({
      name,
      allowTypeImports: true,
      message: 'Workflow code may import only types from activity, storage and client code.',
    })),
    ...['@temporalio/client', '@temporalio/worker', 'undici', 'zod', 'kysely'].map((name) => ({
      name,
      message: 'Not sandbox-safe: workflow code may not import it.',
    })),
    ...nodeBuiltins.map((name) => ({
      name,
      message: 'Workflow code runs in a sandbox without Node built-ins.',
    })),
  ],
  patterns: [
    { group: ['node:*'], message: 'Workflow code runs in a sandbox without Node built-ins.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/coverage/**',
      '.temporal/**',
      '.node/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The root tsconfig.json, one program over the whole workspace: each file's types are
        // computed once, not again in every package whose sources reach it.
        project: './tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['packages/hn-workflows/src/**/*.ts', 'packages/contract/src/**/*.ts'],
    ignores: [
      '**/*.test.ts',
      'packages/hn-workflows/src/worker.ts',
      'packages/hn-workflows/src/workflows-path.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', sandboxRestrictedImports],
    },
  },
  {
    // The dashboard's page runs in the browser: its own program, with the DOM and without Node.
    files: ['apps/dashboard/web/**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: './apps/dashboard/tsconfig.web.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
