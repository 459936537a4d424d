// Prebuilds the workflow bundle so the worker starts without running webpack.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '@hn/workflows/worker';
import { DEFAULT_BUNDLE_PATH } from '../src/bundle';

const started = performance.now();
const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath() });
mkdirSync(dirname(DEFAULT_BUNDLE_PATH), { recursive: true });
writeFileSync(DEFAULT_BUNDLE_PATH, code);
console.log(
  `workflow bundle: ${DEFAULT_BUNDLE_PATH} (${(code.length / 1024).toFixed(0)} KiB, ${Math.round(performance.now() - started)} ms)`,
);
