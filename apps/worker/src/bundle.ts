import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { workflowsPath } from '@hn/workflows/worker';

/** Where `pnpm --filter worker build` writes the prebuilt workflow bundle. */
export const DEFAULT_BUNDLE_PATH = fileURLToPath(
  new URL('../dist/workflow-bundle.js', import.meta.url),
);

/** The worker's workflow source: a prebuilt bundle if there is one, else the workflows to bundle now. */
export type WorkflowSource =
  | { kind: 'bundle'; workflowBundle: { codePath: string } }
  | { kind: 'path'; workflowsPath: string };

/**
 * Prefers the prebuilt bundle (no webpack at start-up); bundles at start-up only without one,
 * or always when `bundlePath` is `false` (`HN_WORKFLOW_BUNDLE=off`).
 */
export function workflowSource(bundlePath: string | false | undefined): WorkflowSource {
  if (bundlePath === false) return { kind: 'path', workflowsPath: workflowsPath() };
  const path = bundlePath ?? DEFAULT_BUNDLE_PATH;
  if (existsSync(path)) return { kind: 'bundle', workflowBundle: { codePath: path } };
  if (bundlePath) {
    throw new Error(
      `HN_WORKFLOW_BUNDLE=${bundlePath}: no such file. Build it with 'pnpm --filter worker build' or unset it.`,
    );
  }
  return { kind: 'path', workflowsPath: workflowsPath() };
}
