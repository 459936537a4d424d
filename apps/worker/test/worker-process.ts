import { fileURLToPath } from 'node:url';
import { startProcess, type ManagedProcess } from '@hn/testing';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const cwd = fileURLToPath(new URL('..', import.meta.url));

/** Starts the worker app as its own process, the way `pnpm --filter worker start` does. */
export function startWorker(env: Record<string, string>): ManagedProcess {
  return startProcess(process.execPath, ['--conditions=source', '--import', 'tsx', main], {
    cwd,
    env: { ...process.env, HN_METRICS_ADDRESS: 'off', LOG_FORMAT: 'json', ...env },
  });
}
