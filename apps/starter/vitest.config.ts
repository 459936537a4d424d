import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      // Two files at a time even on 2 cores: turbo starts this suite among the last, and its
      // tests wait on servers and the CLI processes they start as much as they compute.
      maxWorkers: 2,
    },
  }),
);
