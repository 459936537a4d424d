import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { BUNDLE_CACHE_ENV } from './bundle-cache-env';

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles a workflows module once per test run and returns the same bundle on later calls: from
 * memory in the same process, from the run's bundle folder in the other test files' processes.
 * The folder lives as long as the run, so a bundle never outlives the sources it was built from.
 * Without it (a test run outside vitest's global setup) the bundle is made once per process.
 * The path is resolved through symlinks first: the bundler fails on a path reached through
 * pnpm's `node_modules` links.
 */
export function bundleWorkflowsOnce(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  const real = realpathSync(workflowsPath);
  let bundle = bundles.get(real);
  if (!bundle) {
    bundle = sharedBundle(real, process.env[BUNDLE_CACHE_ENV]);
    bundles.set(real, bundle);
  }
  return bundle;
}

async function sharedBundle(
  workflowsPath: string,
  folder: string | undefined,
): Promise<WorkflowBundleWithSourceMap> {
  if (!folder) return bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  const file = join(folder, `${createHash('sha256').update(workflowsPath).digest('hex')}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as WorkflowBundleWithSourceMap;
  } catch {
    // Not there yet: this process makes it. Two files may both do so; each write is whole.
  }
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  mkdirSync(folder, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify({ code: bundle.code, sourceMap: bundle.sourceMap }));
  renameSync(partial, file);
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
