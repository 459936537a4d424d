import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The worker's SQLite file when `HN_DESTINATION` is unset, relative to its working directory. */
export const DEFAULT_DATA_FILE = '.data/hn-pipeline.db';

/**
 * The worker's destination when `HN_DESTINATION` is unset: {@link DEFAULT_DATA_FILE} in the
 * folder it runs in (`apps/worker` with `pnpm --filter worker start`, the deployed folder in an
 * image).
 */
export const DEFAULT_DESTINATION = `sqlite:${DEFAULT_DATA_FILE}`;

/** Where the workspace's worker runs, relative to the workspace root (`pnpm-workspace.yaml`). */
export const WORKER_DIR = 'apps/worker';

/**
 * The worker's default destination as another program on the same machine reads it (the
 * starter's `ingest status`, the dashboard): {@link DEFAULT_DATA_FILE} in {@link WORKER_DIR} of
 * the workspace that holds `from` (the nearest folder up with a `pnpm-workspace.yaml`), as an
 * absolute `sqlite:` URL; outside a workspace (a deployed folder), in `from` itself. A worker
 * started elsewhere, or with `HN_DESTINATION`, writes elsewhere: pass its `HN_DESTINATION` then.
 *
 * ```ts
 * const destination = process.env.HN_DESTINATION ?? defaultDestination();
 * ```
 */
export function defaultDestination(from: string = process.cwd()): string {
  const start = resolve(from);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) {
      return `sqlite:${join(dir, WORKER_DIR, DEFAULT_DATA_FILE)}`;
    }
    if (dirname(dir) === dir) return `sqlite:${join(start, DEFAULT_DATA_FILE)}`;
  }
}
