import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The tests start `dist/main.js`, so they build it first, as `pnpm --filter worker start` does:
 * turbo builds the worker and its workspace libraries, or replays its cache when nothing
 * changed. Under `turbo run test` the build has already run (`TURBO_HASH` is set).
 */
export default function setup(): void {
  if (process.env.TURBO_HASH) return;
  execFileSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=worker...', '--output-logs=errors-only'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
  );
}
