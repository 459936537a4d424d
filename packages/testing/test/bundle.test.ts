import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUNDLE_CACHE_ENV, bundleWorkflowsOnce } from '../src';

const workflowsPath = fileURLToPath(new URL('./fixtures/workflows.ts', import.meta.url));
const bundleModule = fileURLToPath(new URL('../src/bundle.ts', import.meta.url));

describe('bundleWorkflowsOnce', () => {
  it("shares a run's bundle with the run's other test processes through the run's folder", async () => {
    // This process has the run's folder from vitest's global setup, and bundles into it.
    const folder = process.env[BUNDLE_CACHE_ENV]!;
    expect(folder).toBeTruthy();
    const bundle = await bundleWorkflowsOnce(workflowsPath);
    expect(bundle.code).toContain('smokeWorkflow');
    expect(await bundleWorkflowsOnce(workflowsPath)).toBe(bundle);
    const [file] = readdirSync(folder).filter((name) => name.endsWith('.json'));
    expect(JSON.parse(readFileSync(join(folder, file!), 'utf8'))).toEqual({
      code: bundle.code,
      sourceMap: bundle.sourceMap,
    });

    // Another process of the same run takes the bundle from the folder instead of bundling.
    const other = mkdtempSync(join(tmpdir(), 'hn-bundle-test-'));
    writeFileSync(join(other, file!), JSON.stringify({ code: 'from the folder', sourceMap: '' }));
    const script = `import(${JSON.stringify(bundleModule)})
      .then(({ bundleWorkflowsOnce }) => bundleWorkflowsOnce(${JSON.stringify(workflowsPath)}))
      .then(({ code }) => console.log(code.includes('smokeWorkflow') ? 'bundled' : code));`;
    const tsx = fileURLToPath(import.meta.resolve('tsx/cli'));
    const run = (env: NodeJS.ProcessEnv) =>
      promisify(execFile)(process.execPath, [tsx, '--eval', script], { env });
    const shared = await run({ ...process.env, [BUNDLE_CACHE_ENV]: other });
    expect(shared.stdout.trim()).toBe('from the folder');
    // Without a run's folder, a process bundles for itself.
    const { [BUNDLE_CACHE_ENV]: _, ...alone } = process.env;
    expect((await run(alone)).stdout.trim()).toBe('bundled');
  }, 120_000);
});
