import { TestWorkflowEnvironment } from '@temporalio/testing';
import type {
  LocalTestWorkflowEnvironmentOptions,
  TimeSkippingTestWorkflowEnvironmentOptions,
} from '@temporalio/testing';
import { missingBinaryHelp, resolveTemporalBinary, type TemporalBinaryKind } from './binaries';
import { dynamicConfigArgs } from './dev-server';
import { TemporalBinaryNotFoundError } from './errors';

type DevServerOptions = NonNullable<LocalTestWorkflowEnvironmentOptions['server']>;

/**
 * Starts the time-skipping test server (a real process) and returns a connected environment.
 * Timers and retries backoff pass instantly while the test awaits a workflow result.
 * It has no Schedules and no visibility list: use {@link createLocalEnv} for those.
 */
export async function createTimeSkippingEnv(
  options: TimeSkippingTestWorkflowEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  const { executable, kind } = binaryFor('testServer');
  return startOrExplain(kind, () =>
    TestWorkflowEnvironment.createTimeSkipping({
      ...options,
      server: { executable, ...options.server },
    }),
  );
}

/** Options of {@link createLocalEnv}: the dev server's own options, all optional. */
export type LocalEnvOptions = Omit<LocalTestWorkflowEnvironmentOptions, 'server'> & {
  server?: Partial<DevServerOptions>;
};

/**
 * Starts the Temporal CLI's dev server (a real process, in-memory unless `server.dbFilename` is
 * set) and returns a connected environment. Supports Schedules and visibility queries.
 */
export async function createLocalEnv(
  options: LocalEnvOptions = {},
): Promise<TestWorkflowEnvironment> {
  const { executable, kind } = binaryFor('cli');
  return startOrExplain(kind, () =>
    TestWorkflowEnvironment.createLocal({
      ...options,
      server: {
        executable,
        ...options.server,
        extraArgs: [...dynamicConfigArgs(), ...(options.server?.extraArgs ?? [])],
      },
    }),
  );
}

function binaryFor(kind: TemporalBinaryKind) {
  return { kind, executable: resolveTemporalBinary(kind).executable };
}

async function startOrExplain<T>(kind: TemporalBinaryKind, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const text = String((error as Error)?.message ?? error);
    if (/download|No such file|ENOENT|not found|dns|connect/i.test(text)) {
      throw new TemporalBinaryNotFoundError(`${missingBinaryHelp(kind)}\nCause: ${text}`, {
        cause: error,
      });
    }
    throw error;
  }
}
