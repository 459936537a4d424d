import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, type ManagedProcess } from '@hn/testing';

const APP = fileURLToPath(new URL('..', import.meta.url));
/**
 * Throws unless the worker is built (`test/global-setup.ts` builds it before the tests): the
 * tests run what `pnpm --filter worker start` ships.
 */
export function assertBuilt(dir = APP): void {
  for (const file of ['dist/main.js', 'dist/workflow-bundle.js']) {
    if (!existsSync(join(dir, file))) {
      throw new Error(`${join(dir, file)} is missing: run 'pnpm build' first.`);
    }
  }
}

/**
 * Starts the worker the way `pnpm --filter worker start` runs it: `node dist/main.js`, compiled
 * JavaScript resolving the workspace libraries' builds, with the prebuilt workflow bundle.
 * `cwd` defaults to the app's directory.
 */
export function startWorker(env: Record<string, string>, cwd = APP): ManagedProcess {
  assertBuilt(cwd);
  return startProcess(process.execPath, ['--enable-source-maps', join(cwd, 'dist/main.js')], {
    cwd,
    env: { ...process.env, HN_METRICS_ADDRESS: 'off', LOG_FORMAT: 'json', ...env },
  });
}
