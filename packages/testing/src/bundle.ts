import { realpathSync } from 'node:fs';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles a workflows module once per process (each test file runs in its own process) and
 * returns the cached bundle on later calls. The path is resolved through symlinks first:
 * the bundler fails on a path reached through pnpm's `node_modules` links.
 */
export function bundleWorkflowsOnce(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  const real = realpathSync(workflowsPath);
  let bundle = bundles.get(real);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath: real, logger: quietLogger });
    bundles.set(real, bundle);
  }
  return bundle;
}

const noop = () => undefined;
const quietLogger = {
  log: noop,
  trace: noop,
  debug: noop,
  info: noop,
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};
