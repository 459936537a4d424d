import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      // One browser at a time: CI runs on 2 cores.
      maxWorkers: 1,
    },
  }),
);
