import { execFile } from 'node:child_process';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The sandbox is enforced before any build: a Node import in workflow code fails `pnpm lint`
// (ESLint's no-restricted-imports) and `pnpm typecheck` (tsconfig.sandbox.json, without Node).
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const probe = fileURLToPath(new URL('../src/sandbox-probe.ts', import.meta.url));
const probeConfig = fileURLToPath(new URL('../tsconfig.sandbox-probe.json', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/forbidden-import.ts', import.meta.url));
const run = promisify(execFile);

beforeAll(async () => {
  await copyFile(fixture, probe);
  await writeFile(
    probeConfig,
    JSON.stringify({ extends: './tsconfig.sandbox.json', include: ['src/sandbox-probe.ts'] }),
  );
});

afterAll(async () => {
  await rm(probe, { force: true });
  await rm(probeConfig, { force: true });
});

describe('workflow sandbox', () => {
  it('lint rejects a Node built-in in workflow code', async () => {
    // The sandbox rule alone, which needs no types: the probe is linted without building the
    // workspace's program, which the other rules need.
    const eslint = new ESLint({
      cwd: packageDir,
      ruleFilter: ({ ruleId }) => ruleId === '@typescript-eslint/no-restricted-imports',
      overrideConfig: { languageOptions: { parserOptions: { project: null } } },
    });
    const [result] = await eslint.lintFiles([probe]);
    const messages = result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
    expect(messages).toContain(
      "@typescript-eslint/no-restricted-imports: 'node:fs' import is restricted from being used by a pattern. Workflow code runs in a sandbox without Node built-ins.",
    );
  });

  it('typecheck rejects a Node built-in in workflow code', async () => {
    const tsc = fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
    const error = await run(process.execPath, [tsc, '-p', probeConfig], { cwd: packageDir }).then(
      () => undefined,
      (failure: { stdout: string }) => failure,
    );
    expect(error?.stdout).toContain(
      "src/sandbox-probe.ts(2,30): error TS2307: Cannot find module 'node:fs'",
    );
  });
});
