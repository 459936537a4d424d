import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      globalSetup: [fileURLToPath(new URL('./test/global-setup.ts', import.meta.url))],
      // Three files at a time even on 2 cores: these tests spend most of their time waiting on
      // worker processes, servers and timeouts, not computing.
      maxWorkers: 3,
    },
  }),
);
