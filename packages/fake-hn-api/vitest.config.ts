import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// This package never starts Temporal, so it skips the shared setup file that installs the SDK's
// native runtime: the suite stays fast.
export default defineConfig({
  ...sharedConfig,
  test: { ...sharedConfig.test, setupFiles: [] },
});
