import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: { globalSetup: [fileURLToPath(new URL('./test/global-setup.ts', import.meta.url))] },
  }),
);
