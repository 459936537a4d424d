import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';

const quiet = { logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } };
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('workflow bundle', () => {
  it("bundles the package's built output for Temporal's sandbox", async () => {
    expect(existsSync(built), 'build @hn/workflows first (turbo test does)').toBe(true);
    const { code } = await bundleWorkflowCode({ workflowsPath: built, ...quiet });
    expect(code).toContain('HackerNewsWorkflow');
    // Activities are reached through `import type` only: none of their code is in the bundle.
    expect(code).not.toContain('createHackerNewsClient');
    expect(code).not.toMatch(/require\(["']undici["']\)/);
  });

  it('rejects workflow code that imports a Node built-in, naming the import and its file', async () => {
    const forbidden = fileURLToPath(new URL('./fixtures/forbidden-import.ts', import.meta.url));
    const errors: string[] = [];
    const logger = { ...quiet.logger, error: (message: string) => void errors.push(message) };
    await expect(bundleWorkflowCode({ workflowsPath: forbidden, logger })).rejects.toThrow(
      /^Webpack finished with errors/,
    );
    // Webpack's report: the one error is the `node:fs` import of the fixture, so a fixture that
    // failed for another reason (a typo, a missing file) would not pass.
    expect(errors).toHaveLength(1);
    const report = errors[0]!;
    expect(report).toMatch(/compiled with 1 error in/);
    expect(report).toContain('ERROR in node:fs\n');
    expect(report).toContain(' @ ./test/fixtures/forbidden-import.ts 2:0-39');
  });
});
