import { searchAttributeArgs } from '@hn/contract';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type {
  LocalTestWorkflowEnvironmentOptions,
  TimeSkippingTestWorkflowEnvironmentOptions,
} from '@temporalio/testing';
import { missingBinaryHelp, resolveTemporalBinary, type TemporalBinaryKind } from './binaries';
import { dynamicConfigArgs } from './dev-server';
import { TemporalBinaryNotFoundError } from './errors';
import { registerSearchAttributes } from './search-attributes';

type DevServerOptions = NonNullable<LocalTestWorkflowEnvironmentOptions['server']>;

/**
 * Starts the time-skipping test server (a real process) and returns a connected environment.
 * Timers and retries backoff pass instantly while the test awaits a workflow result.
 * It has no Schedules and no visibility list: use {@link createLocalEnv} for those. The
 * pipeline's custom search attributes are registered on it (`registerSearchAttributes`), so
 * runs that set them do not fail their workflow task.
 */
export async function createTimeSkippingEnv(
  options: TimeSkippingTestWorkflowEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  const { executable, kind } = binaryFor('testServer');
  const env = await startOrExplain(kind, () =>
    TestWorkflowEnvironment.createTimeSkipping({
      ...options,
      server: { executable, ...options.server },
    }),
  );
  try {
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}

/** Options of {@link createLocalEnv}: the dev server's own options, all optional. */
export type LocalEnvOptions = Omit<LocalTestWorkflowEnvironmentOptions, 'server'> & {
  server?: Partial<DevServerOptions>;
};

/**
 * Starts the Temporal CLI's dev server (a real process, in-memory unless `server.dbFilename` is
 * set) and returns a connected environment. Supports Schedules and visibility queries; the
 * pipeline's custom search attributes (`SEARCH_ATTRIBUTES` of `@hn/contract`) are registered.
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
        extraArgs: [
          ...dynamicConfigArgs(),
          ...searchAttributeArgs(),
          ...(options.server?.extraArgs ?? []),
        ],
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
    // Only a binary that is missing or could not be downloaded is explained as such; any other
    // failure (a port in use, a server that exits) keeps its own message.
    if (/ENOENT|No such file|failed to download|download failed/i.test(text)) {
      throw new TemporalBinaryNotFoundError(`${missingBinaryHelp(kind)}\nCause: ${text}`, {
        cause: error,
      });
    }
    throw error;
  }
}
