import { searchAttributeArgs } from '@hn/contract';
import { Connection } from '@temporalio/client';
import { missingBinaryHelp, resolveTemporalBinary } from './binaries';
import { startProcess, type ManagedProcess } from './child-process';
import { TemporalBinaryNotFoundError } from './errors';
import { freePort } from './ports';
import { waitFor } from './wait-for';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** gRPC port; a free one by default. */
  port?: number;
  /** Web UI port, or `false` (the default) for no UI. */
  uiPort?: number | false;
  /** SQLite file that keeps the server's state across restarts; in memory by default. */
  dbFilename?: string;
  /** Namespace to create; `default` by default. */
  namespace?: string;
  /** Further namespaces to create, each with the pipeline's search attributes; none by default. */
  extraNamespaces?: string[];
  /**
   * Dynamic configuration values, `KEY=VALUE` (the CLI's `--dynamic-config-value`), added to
   * {@link DEV_SERVER_DYNAMIC_CONFIG}.
   */
  dynamicConfig?: string[];
  /**
   * Runs the server in a process group of its own, out of reach of a terminal's Ctrl-C, so that
   * the caller can still talk to it while it shuts down (`pnpm start`); off by default.
   */
  detached?: boolean;
}

/**
 * Dynamic configuration every dev server started here gets:
 *
 * - `history.transferProcessorMaxPollRPS=1000`: the history service reads its transfer queue at
 *   most 20 times a second by default: once a short burst is spent, every workflow task waits
 *   about 50 ms before a worker can pick it up, which dominates a short run's latency on a single
 *   host. 1000 reads a second removes that wait.
 * - `matching.useNewMatcher=true` and `matching.enableFairness=true`: the matcher that hands out
 *   a task queue's waiting tasks by priority key, and within a key by fairness key
 *   (`PRIORITY_KEYS` of `@hn/contract`: the follower ahead of backfills). Older servers have it
 *   off by default.
 * - `matching.numTaskqueueReadPartitions=1` / `matching.numTaskqueueWritePartitions=1`: priority
 *   holds within a partition; with the default four, a poll reaching a partition holding only
 *   backfill tasks takes one while a follower task waits in another. One host needs no more.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: readonly string[] = [
  'history.transferProcessorMaxPollRPS=1000',
  'matching.useNewMatcher=true',
  'matching.enableFairness=true',
  'matching.numTaskqueueReadPartitions=1',
  'matching.numTaskqueueWritePartitions=1',
];

/** The dev server's command-line arguments for {@link DEV_SERVER_DYNAMIC_CONFIG} and `extra`. */
export function dynamicConfigArgs(extra: readonly string[] = []): string[] {
  return [...DEV_SERVER_DYNAMIC_CONFIG, ...extra].flatMap((value) => [
    '--dynamic-config-value',
    value,
  ]);
}

/** A Temporal dev server running as a child process, which a test can stop and start again. */
export interface DevServer {
  address: string;
  namespace: string;
  process(): ManagedProcess;
  /** Stops the server (SIGTERM; `kill` sends SIGKILL). */
  stop(options?: { kill?: boolean }): Promise<void>;
  /** Starts it again on the same port and database. */
  restart(): Promise<void>;
}

/**
 * Starts the Temporal CLI's dev server as a process of its own, unlike `createLocalEnv`, whose
 * server lives inside the SDK's runtime: for a persistent database, a server restarted in the
 * middle of a run, or the Web UI. The pipeline's custom search attributes (`SEARCH_ATTRIBUTES`
 * of `@hn/contract`) are registered on it.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const { executable } = resolveTemporalBinary('cli');
  if (executable.type !== 'existing-path') {
    throw new TemporalBinaryNotFoundError(missingBinaryHelp('cli'));
  }
  const port = options.port ?? (await freePort());
  const namespace = options.namespace ?? 'default';
  const address = `127.0.0.1:${port}`;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    ...[namespace, ...(options.extraNamespaces ?? [])].flatMap((name) => ['--namespace', name]),
  ];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  args.push(...dynamicConfigArgs(options.dynamicConfig), ...searchAttributeArgs());

  let current: ManagedProcess;
  const start = async () => {
    current = startProcess(executable.path, args, { detached: options.detached ?? false });
    await waitFor(
      `the dev server on ${address}`,
      async () => {
        if (current.child.exitCode !== null) {
          throw new Error(`the dev server exited: ${current.output().slice(-2000)}`);
        }
        const connection = await Connection.connect({ address, connectTimeout: '1 second' });
        try {
          await connection.healthService.check({});
          return true;
        } finally {
          await connection.close();
        }
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  };
  await start();
  return {
    address,
    namespace,
    process: () => current,
    async stop({ kill = false } = {}) {
      await current.stop(kill ? 'SIGKILL' : 'SIGTERM');
    },
    async restart() {
      await current.stop('SIGTERM');
      await start();
    },
  };
}
