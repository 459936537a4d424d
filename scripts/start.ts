// `pnpm start`: the whole pipeline on one machine. Starts Temporal's dev server from the
// provisioned CLI (persistent, with the Web UI), a worker and the dashboard, runs
// HackerNewsWorkflow through the starter, prints the result and where the data went. Ctrl-C stops
// everything cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCliArgs } from '@hn/runtime';
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

const LIVE_API = 'https://hacker-news.firebaseio.com/v0';
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
  --keep               keep the dev server, Web UI and worker running until Ctrl-C
                       (the default on an interactive terminal outside CI)
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

async function main(): Promise<number> {
  const { values, tokens } = parseCliArgs(process.argv.slice(2), {
    strict: false,
    tokens: true,
    options: {
      offline: { type: 'boolean' },
      port: { type: 'string' },
      'ui-port': { type: 'string' },
      'dashboard-port': { type: 'string' },
      'data-dir': { type: 'string' },
      keep: { type: 'boolean' },
      exit: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const own = new Set([
    'offline',
    'port',
    'ui-port',
    'dashboard-port',
    'data-dir',
    'keep',
    'exit',
    'help',
  ]);
  const starterArgs = passThrough(tokens ?? [], own);
  const port = portFlag('port', values.port, 7233);
  const uiPort = portFlag('ui-port', values['ui-port'], 8233);
  const dashboardPort =
    values['dashboard-port'] === undefined
      ? undefined
      : portFlag('dashboard-port', values['dashboard-port'], 8080);
  const dataDir = resolve(
    root,
    typeof values['data-dir'] === 'string' ? values['data-dir'] : '.data',
  );
  const keep = values.exit
    ? false
    : Boolean(values.keep) || (process.stdout.isTTY && !process.env.CI);
  mkdirSync(dataDir, { recursive: true });

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

  let apiUrl = LIVE_API;
  if (values.offline || !(await reachable(`${LIVE_API}/maxitem.json`))) {
    if (!values.offline)
      log(
        'Hacker News is unreachable: using the bundled offline dataset (--offline skips this check).',
      );
    fakeApi = await startFakeHackerNewsApi(OFFLINE_API_OPTIONS);
    apiUrl = fakeApi.baseUrl;
    log(
      `Offline Hacker News API: ${apiUrl} (maxitem ${fakeApi.maxItem}, growing about 600 an hour)`,
    );
  }

  log(
    `Starting the Temporal dev server on 127.0.0.1:${port} (database ${join(dataDir, 'temporal.db')})`,
  );
  devServer = await startDevServer({ port, uiPort, dbFilename: join(dataDir, 'temporal.db') });
  const address = devServer.address;
  const webUiUrl = `http://localhost:${uiPort}`;
  log(`Temporal Web UI: ${webUiUrl}`);

  const destination = `sqlite:${join(dataDir, 'hn-pipeline.db')}`;
  const metricsAddress = (await isPortFree(9464)) ? '127.0.0.1:9464' : 'off';
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: 'default',
    HN_API_URL: apiUrl,
    HN_DESTINATION: destination,
    HN_METRICS_ADDRESS: metricsAddress,
    LOG_FORMAT: 'json',
  };
  const workerLog = join(dataDir, 'worker.log');
  worker = startProcess(process.execPath, ['--enable-source-maps', 'apps/worker/dist/main.js'], {
    cwd: root,
    env,
  });
  worker.child.stdout?.on('data', (chunk: Buffer) => appendFileSync(workerLog, chunk));
  worker.child.stderr?.on('data', (chunk: Buffer) => appendFileSync(workerLog, chunk));
  await worker.waitForOutput(/"Worker ready"/, 120_000);
  log(
    `Worker ready (logs: ${workerLog}${metricsAddress === 'off' ? '' : `; metrics: http://${metricsAddress}/metrics`})`,
  );
  // The worker has migrated the store, so the dashboard can open it read-only.
  dashboard = await startDashboard({
    destination,
    temporalAddress: address,
    temporalNamespace: 'default',
    webUiUrl,
    port: dashboardPort ?? ((await isPortFree(8080)) ? 8080 : 0),
  });
  log(`Dashboard: ${dashboard.url}`);

  starter = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'apps/starter/src/start-cli.ts', ...starterArgs],
    {
      cwd: root,
      env,
      stdio: 'inherit',
    },
  );
  const code = await exitCode(starter);
  if (code === 0) {
    const store = await createStore({ kind: 'sqlite', filename: join(dataDir, 'hn-pipeline.db') });
    const rows = await store.countRows();
    await store.close();
    log(
      `Stored in ${destination}: ${rows.stories} stories, ${rows.runs} runs, ${rows.word_counts} word counts`,
    );
    log(`Run history: http://localhost:${uiPort}/namespaces/default/workflows`);
  }
  if (keep && code === 0) {
    log('Dev server, Web UI, worker and dashboard keep running. Press Ctrl-C to stop.');
    await new Promise<void>((done) => {
      onInterrupt = done;
      process.once('SIGTERM', done);
    });
  }
  return code;
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
