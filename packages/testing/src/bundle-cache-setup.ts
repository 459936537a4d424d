import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_CACHE_ENV } from './bundle-cache-env';

/**
 * vitest's global setup for every package: a folder where `bundleWorkflowsOnce` shares each
 * workflow bundle between the run's test files, removed when the run ends. Set before the test
 * processes start, so each inherits it.
 */
export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'hn-test-bundles-'));
  process.env[BUNDLE_CACHE_ENV] = folder;
  return () => {
    rmSync(folder, { recursive: true, force: true });
    delete process.env[BUNDLE_CACHE_ENV];
  };
}
