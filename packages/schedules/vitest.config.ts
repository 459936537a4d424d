import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared';

// Tests run in Vite's server environment, whose conditions are separate from `resolve.conditions`.
export default mergeConfig(
  sharedConfig,
  defineConfig({ ssr: { resolve: { conditions: ['source'] } } }),
);
