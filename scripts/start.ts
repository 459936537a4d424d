// `pnpm start`: the whole pipeline on one machine. Starts Temporal's dev server from the
// provisioned CLI (persistent, with the Web UI), a worker and the dashboard, runs
// HackerNewsWorkflow through the starter, prints the result and where the data went; while the
// servers are kept, follows new items live (`ingest follow`) and prints its lag. Ctrl-C stops
// everything cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_BASE_URL as LIVE_API } from '@hn/activities';
import { countedIds, followWorkflowId, TASK_QUEUE, type FollowStatus } from '@hn/contract';
import { parseCliArgs } from '@hn/runtime';
import { followStatusQuery, stopFollowUpdate } from '@hn/workflows';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import {
  OFFLINE_API_OPTIONS,
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
} from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { startDashboard, type RunningDashboard } from 'dashboard';
import {
  isPortFree,
  repoRoot,
  startDevServer,
  startProcess,
  type DevServer,
  type ManagedProcess,
} from '@hn/testing';

/** How often the kept servers print the follower's lag. */
const FOLLOW_STATUS_EVERY_MS = 15_000;
const USAGE = `Usage: pnpm start [-- options]

Runs the Hacker News pipeline end to end on an embedded Temporal dev server.

Options:
  --offline            serve the bundled dataset through the fake Hacker News API, with
                       generated items up to now (about 600 an hour, growing while it runs);
                       used automatically when Hacker News cannot be reached
  --port <n>           dev server gRPC port (default 7233)
  --ui-port <n>        Web UI port (default 8233)
  --dashboard-port <n> dashboard port (default 8080, a free one when 8080 is taken)
  --data-dir <path>    dev server database, SQLite destination and logs (default .data)
  --keep               keep the dev server, Web UI and worker running until Ctrl-C, and follow
                       new items live meanwhile (ingest follow; its lag every 15 s), stopping
                       the follower on the way out (the default on an interactive terminal
                       outside CI)
  --exit               stop everything once the result is printed
  -h, --help           show this help
Other options go to the starter: --limit, --list, --top-words, --concurrency, --json, ...`;

const root = repoRoot();
let devServer: DevServer | undefined;
let worker: ManagedProcess | undefined;
let starter: ChildProcess | undefined;
let fakeApi: FakeHackerNewsApi | undefined;
let dashboard: RunningDashboard | undefined;
let stopping = false;
let onInterrupt: (() => void) | undefined;

/** What the command line asked for. */
interface StartOptions {
  starterArgs: string[];
  offline: boolean;
  port: number;
  uiPort: number;
  dashboardPort: number | undefined;
  dataDir: string;
  keep: boolean;
}

/** The running servers, and the environment the worker and the starter share. */
interface Servers {
  address: string;
  webUiUrl: string;
  destination: string;
  env: NodeJS.ProcessEnv;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === undefined) {
    console.log(USAGE);
    return 0;
  }
  mkdirSync(options.dataDir, { recursive: true });
  await checkPorts(options);
  const apiUrl = await startApi(options.offline);
  const servers = await startServers(options, apiUrl);
  const code = await runPipeline(options, servers);
  if (options.keep && code === 0) await followUntilStopped(servers);
  return code;
}

/** The options, or `undefined` for `--help`. */
function parseOptions(argv: string[]): StartOptions | undefined {
  const own = {
    offline: { type: 'boolean' },
    port: { type: 'string' },
    'ui-port': { type: 'string' },
    'dashboard-port': { type: 'string' },
    'data-dir': { type: 'string' },
    keep: { type: 'boolean' },
    exit: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const { values, tokens } = parseCliArgs(argv, { strict: false, tokens: true, options: own });
  if (values.help) return undefined;
  return {
    starterArgs: passThrough(tokens ?? [], new Set(Object.keys(own))),
    offline: Boolean(values.offline),
    port: portFlag('port', values.port, 7233),
    uiPort: portFlag('ui-port', values['ui-port'], 8233),
    dashboardPort:
      values['dashboard-port'] === undefined
        ? undefined
        : portFlag('dashboard-port', values['dashboard-port'], 8080),
    dataDir: resolve(root, typeof values['data-dir'] === 'string' ? values['data-dir'] : '.data'),
    keep: values.exit ? false : Boolean(values.keep) || (process.stdout.isTTY && !process.env.CI),
  };
}

async function checkPorts({ port, uiPort, dashboardPort }: StartOptions): Promise<void> {
  for (const [flag, p] of [
    ['--port', port],
    ['--ui-port', uiPort],
    ...(dashboardPort === undefined ? [] : [['--dashboard-port', dashboardPort] as const]),
  ] as const) {
    if (!(await isPortFree(p)))
      throw new Error(
        `Port ${p} is in use: is another dev server running? Pick another with ${flag}.`,
      );
  }
}

/** Live Hacker News when it answers (and `--offline` is not given), else the fake API. */
async function startApi(offline: boolean): Promise<string> {
  if (!offline && (await reachable(`${LIVE_API}/maxitem.json`))) return LIVE_API;
  if (!offline)
    log(
      'Hacker News is unreachable: using the bundled offline dataset (--offline skips this check).',
    );
  fakeApi = await startFakeHackerNewsApi(OFFLINE_API_OPTIONS);
  log(
    `Offline Hacker News API: ${fakeApi.baseUrl} (maxitem ${fakeApi.maxItem}, growing about 600 an hour)`,
  );
  return fakeApi.baseUrl;
}

/** The dev server, then the worker (which migrates the store), then the dashboard over it. */
async function startServers(options: StartOptions, apiUrl: string): Promise<Servers> {
  const { port, uiPort, dataDir } = options;
  log(
    `Starting the Temporal dev server on 127.0.0.1:${port} (database ${join(dataDir, 'temporal.db')})`,
  );
  devServer = await startDevServer({
    port,
    uiPort,
    dbFilename: join(dataDir, 'temporal.db'),
    detached: true,
  });
  const webUiUrl = `http://localhost:${uiPort}`;
  log(`Temporal Web UI: ${webUiUrl}`);

  const destination = `sqlite:${join(dataDir, 'hn-pipeline.db')}`;
  const metricsAddress = (await isPortFree(9464)) ? '127.0.0.1:9464' : 'off';
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: devServer.address,
    TEMPORAL_NAMESPACE: 'default',
    HN_API_URL: apiUrl,
    HN_DESTINATION: destination,
    HN_METRICS_ADDRESS: metricsAddress,
    LOG_FORMAT: 'json',
  };
  const workerLog = join(dataDir, 'worker.log');
  // Like the dev server, in a process group of its own, so that a Ctrl-C on the terminal reaches
  // this script only: both still serve the follower's stop, then shutdown() stops them in order.
  worker = startProcess(process.execPath, ['--enable-source-maps', 'apps/worker/dist/main.js'], {
    cwd: root,
    env,
    detached: true,
  });
  worker.child.stdout?.on('data', (chunk: Buffer) => appendFileSync(workerLog, chunk));
  worker.child.stderr?.on('data', (chunk: Buffer) => appendFileSync(workerLog, chunk));
  await worker.waitForOutput(/"Worker ready"/, 120_000);
  log(
    `Worker ready (logs: ${workerLog}${metricsAddress === 'off' ? '' : `; metrics: http://${metricsAddress}/metrics`})`,
  );
  dashboard = await startDashboard({
    destination,
    temporalAddress: devServer.address,
    temporalNamespace: 'default',
    webUiUrl,
    port: options.dashboardPort ?? ((await isPortFree(8080)) ? 8080 : 0),
  });
  log(`Dashboard: ${dashboard.url}`);
  return { address: devServer.address, webUiUrl, destination, env };
}

/** HackerNewsWorkflow through the starter, which prints the result; then what was stored. */
async function runPipeline(options: StartOptions, servers: Servers): Promise<number> {
  const code = await runStarter(servers, ['apps/starter/src/start-cli.ts', ...options.starterArgs]);
  if (code !== 0) return code;
  const store = await createStore({
    kind: 'sqlite',
    filename: join(options.dataDir, 'hn-pipeline.db'),
  });
  const rows = await store.countRows();
  await store.close();
  log(
    `Stored in ${servers.destination}: ${rows.stories} stories, ${rows.runs} runs, ${rows.word_counts} word counts`,
  );
  log(`Run history: ${servers.webUiUrl}/namespaces/default/workflows`);
  return 0;
}

/**
 * While the servers are kept: the follower (started or attached to as `ingest follow` does),
 * its lag every {@link FOLLOW_STATUS_EVERY_MS}, and its clean stop once Ctrl-C or SIGTERM comes.
 */
async function followUntilStopped(servers: Servers): Promise<void> {
  const interrupted = new Promise<void>((done) => {
    onInterrupt = done;
    process.once('SIGTERM', done);
  });
  const code = await runStarter(
    servers,
    ['apps/starter/src/main.ts', 'ingest', 'follow', '--json'],
    'ignore',
  );
  const workflowId = followWorkflowId(TASK_QUEUE, servers.destination);
  if (code !== 0) {
    log(`The follower did not start ('ingest follow' exited with ${code}).`);
  } else {
    log(
      `Following new items live as ${workflowId}; its lag every ${FOLLOW_STATUS_EVERY_MS / 1000} s:`,
    );
  }
  log('Dev server, Web UI, worker and dashboard keep running. Press Ctrl-C to stop.');
  if (code !== 0) return interrupted;
  const connection = await Connection.connect({ address: servers.address });
  const follower = new Client({ connection }).workflow.getHandle(workflowId);
  const timer = setInterval(() => {
    follower.query(followStatusQuery).then(
      (status) => log(`Follower: ${followerLine(status)}`),
      (error: unknown) => log(`Follower: no status (${(error as Error).message})`),
    );
  }, FOLLOW_STATUS_EVERY_MS);
  try {
    await interrupted;
  } finally {
    clearInterval(timer);
    await stopFollower(follower);
    await connection.close();
  }
}

/** Ends the follower through its update; on failure it stays and resumes at the next start. */
async function stopFollower(follower: WorkflowHandle): Promise<void> {
  try {
    const final = await Promise.race([
      follower.executeUpdate(stopFollowUpdate),
      new Promise<never>((_, fail) =>
        setTimeout(() => fail(new Error('no answer in 20 s')), 20_000).unref(),
      ),
    ]);
    log(`Follower stopped: ${followerLine(final)}`);
  } catch (error) {
    log(
      `The follower could not be stopped (${(error as Error).message}); the next start resumes it from its cursor.`,
    );
  }
}

/** One short line: cursor, lag, ids stored and items refreshed. */
function followerLine(status: FollowStatus): string {
  return (
    `cursor ${status.cursor}, lag ${status.lagIds} ids / ${status.lagSeconds} s, ` +
    `${countedIds(status.counts)} stored, ${status.refreshed + status.settled} refreshed`
  );
}

/** Runs a starter entry point with the servers' environment; its output goes to this terminal. */
function runStarter(
  servers: Servers,
  args: string[],
  stdout: 'inherit' | 'ignore' = 'inherit',
): Promise<number> {
  starter = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ...args], {
    cwd: root,
    env: servers.env,
    stdio: ['inherit', stdout, 'inherit'],
  });
  return exitCode(starter);
}

function passThrough(
  tokens: NonNullable<ReturnType<typeof parseCliArgs>['tokens']>,
  own: Set<string>,
): string[] {
  const args: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option' && !own.has(token.name)) {
      args.push(token.rawName);
      if (token.value !== undefined) args.push(token.value);
    } else if (token.kind === 'positional') {
      args.push(token.value);
    }
  }
  return args;
}

function portFlag(name: string, value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--${name} must be a port number from 1 to 65535, got "${String(value)}"`);
  }
  return port;
}

function log(message: string): void {
  process.stderr.write(`[hn-pipeline] ${message}\n`);
}

async function reachable(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((done) =>
    child.once('exit', (code, signal) => done(code ?? (signal ? 130 : 1))),
  );
}

async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  // The starter and worker first (the worker drains in-flight activities), the dev server last.
  if (starter && starter.exitCode === null && starter.signalCode === null) {
    starter.kill('SIGTERM');
    await exitCode(starter);
  }
  await dashboard?.close();
  await worker?.stop('SIGTERM');
  await devServer?.stop();
  await fakeApi?.close();
}

process.once('SIGINT', () => {
  if (onInterrupt) return onInterrupt();
  log('Stopping…');
  void shutdown().then(() => process.exit(130));
});

main()
  .then(async (code) => {
    await shutdown();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    log(`error: ${(error as Error).message}`);
    await shutdown();
    process.exit(1);
  });
