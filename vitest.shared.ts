import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The one vitest configuration every package extends. The SDK's native module crashes in worker
 * threads, so tests run in forked processes. Each run also writes JSON results that `.ci/run`
 * sums into its closing line.
 */
export const sharedConfig = defineConfig({
  // Workspace packages resolve to their `src/` through the `source` export condition, so tests
  // run without building first. Tests run in Vite's server environment, which has its own list.
  resolve: {
    conditions: ['source'],
  },
  ssr: {
    resolve: { conditions: ['source'] },
  },
  test: {
    pool: 'forks',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: [fileURLToPath(new URL('./packages/testing/src/setup.ts', import.meta.url))],
    // Each workflow bundle is made once a run and shared by the run's test files.
    globalSetup: [
      fileURLToPath(new URL('./packages/testing/src/bundle-cache-setup.ts', import.meta.url)),
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});

/**
 * The configuration of a package whose tests never start Temporal: without the setup file that
 * installs the SDK's native runtime, which each test file would otherwise load.
 */
export const sharedConfigWithoutTemporal = defineConfig({
  ...sharedConfig,
  test: { ...sharedConfig.test, setupFiles: [] },
});
