import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The commands start the worker as it ships (`dist/main.js`) and several of them build before
 * they run, so everything this package depends on is built first, as `pnpm test` does: turbo
 * builds it, or replays its cache when nothing changed. Under `turbo run test` the build has
 * already run (`TURBO_HASH` is set).
 */
export default function setup(): void {
  if (process.env.TURBO_HASH) return;
  execFileSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@hn/docs-check^...', '--output-logs=errors-only'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
  );
}
