import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The absolute, symlink-free path of this package's workflows module, for a worker's
 * `workflowsPath` or for `bundleWorkflowCode`. Resolving symlinks matters: the workflow bundler
 * fails on a path reached through a pnpm `node_modules` link.
 *
 * ```ts
 * import { workflowsPath } from '@hn/workflows/worker';
 * await Worker.create({ workflowsPath: workflowsPath(), ... });
 * ```
 */
export function workflowsPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const name of ['index.js', 'index.ts']) {
    const candidate = join(here, name);
    if (existsSync(candidate)) return realpathSync(candidate);
  }
  throw new Error(
    `@hn/workflows: no workflows module next to ${here}; rebuild the package (pnpm build).`,
  );
}
