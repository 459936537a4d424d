import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { workflowsPath } from '@hn/workflows/worker';

/** Where `pnpm --filter worker build` writes the prebuilt workflow bundle, next to `dist/main.js`. */
export const DEFAULT_BUNDLE_PATH = fileURLToPath(
  new URL('../dist/workflow-bundle.js', import.meta.url),
);

/** The worker's workflow code: a prebuilt bundle, or the workflows module to bundle at start-up. */
export type WorkflowSource =
  | { kind: 'bundle'; workflowBundle: { codePath: string } }
  | { kind: 'path'; workflowsPath: string };

/**
 * Chooses the workflow code explicitly, never by what happens to be on disk: `false`
 * (`HN_WORKFLOW_BUNDLE=off`, what `pnpm --filter worker dev` sets) bundles the workflows from
 * their module at start-up; a path uses that prebuilt bundle; `undefined` uses the bundle
 * `pnpm --filter worker build` writes ({@link DEFAULT_BUNDLE_PATH}).
 *
 * @throws Error when the chosen bundle does not exist, saying how to build it or to bundle at
 * start-up instead.
 */
export function workflowSource(bundlePath: string | false | undefined): WorkflowSource {
  if (bundlePath === false) return { kind: 'path', workflowsPath: workflowsPath() };
  const path = bundlePath ?? DEFAULT_BUNDLE_PATH;
  if (!existsSync(path)) {
    throw new Error(
      `${bundlePath ? `HN_WORKFLOW_BUNDLE=${bundlePath}` : `The prebuilt workflow bundle ${path}`}: ` +
        `no such file. Build it with 'pnpm --filter worker build', or set HN_WORKFLOW_BUNDLE=off ` +
        `to bundle the workflows at start-up.`,
    );
  }
  return { kind: 'bundle', workflowBundle: { codePath: path } };
}
