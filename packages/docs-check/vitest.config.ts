import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Every documented command is a test of its own, and all of them are started at once: each waits
// for the commands before it in its group, and the test itself bounds how many run at a time.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      maxConcurrency: 1000,
      globalSetup: [fileURLToPath(new URL('./test/global-setup.ts', import.meta.url))],
    },
  }),
);
