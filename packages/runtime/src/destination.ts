import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The pipeline's SQLite file when `HN_DESTINATION` is unset, relative to its data folder's parent. */
export const DEFAULT_DATA_FILE = '.data/hn-pipeline.db';

/**
 * Where the pipeline's programs (the worker, the starter's `ingest status`, `check` and `follow`,
 * the dashboard) store and read when `HN_DESTINATION` is unset: {@link DEFAULT_DATA_FILE} in the
 * root of the workspace that holds `from` (the nearest folder up with a `pnpm-workspace.yaml`), so
 * every program of a checkout shares one file whichever folder it runs in; outside a workspace (a
 * deployed folder), in `from` itself. An absolute `sqlite:` URL. A program started with
 * `HN_DESTINATION` uses that instead: pass the same value to the others.
 *
 * ```ts
 * const destination = process.env.HN_DESTINATION ?? defaultDestination();
 * ```
 */
export function defaultDestination(from: string = process.cwd()): string {
  const start = resolve(from);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml')))
      return `sqlite:${join(dir, DEFAULT_DATA_FILE)}`;
    if (dirname(dir) === dir) return `sqlite:${join(start, DEFAULT_DATA_FILE)}`;
  }
}
