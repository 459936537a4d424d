// `pnpm bench`: measures the pipeline end to end on one machine and prints a table of figures
// against their targets. Starts a Temporal dev server, the fake Hacker News API and the worker
// app, each as a process of its own, so every request pays real loopback HTTP and gRPC. Writes
// the figures to bench-results/latest.json. Exits 0 when a target is missed (it is a report),
// non-zero only on errors; stops every process it started on exit and on Ctrl-C.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHackerNewsClient } from '@hn/activities';
import { bundleWorkflowsOnce, startDevServer, startProcess } from '@hn/testing';
import { TASK_QUEUE } from '@hn/contract';
import { HackerNewsWorkflow, type HackerNewsInput } from '@hn/workflows';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { BENCH_USAGE, parseBenchArgs, UsageError, type BenchOptions } from './args';
import { Cleanup } from './cleanup';
import { startFakeApi, type FakeApiProcess } from './fake-api';
import type { FloorOutput } from './floor';
import { queueWaits, type QueueWaits } from './history';
import { runBackfillBench } from './backfill';
import { runDashboardBench } from './dashboard';
import { runFollowBench } from './follow';
import { runIngestBench } from './ingest';
import { formatIssueTable, issueRows, type IssueRow } from './issue-table';
import { childPids, commandLine, readMemory, sampleRss } from './memory';
import { checked, formatTable, info, machineInfo, ms, type Row } from './report';
import { percentile, round1, round2, summarize, type Summary } from './stats';
import { createTutorialActivities } from './tutorial-activities';
import { TutorialWorkflow } from './tutorial-workflow';
import { isWorkerCommand, spawnWorker, waitForReady, type WorkerSettings } from './worker-process';

const FLOOR_SCRIPT = fileURLToPath(new URL('./floor.ts', import.meta.url));
const TUTORIAL_WORKFLOWS = fileURLToPath(new URL('./tutorial-workflow.ts', import.meta.url));
const TUTORIAL_TASK_QUEUE = 'bench-tutorial-task-queue';
const LIMIT = 500;
const CONCURRENCY = 50;
const SCALING = [1, 10, 50, 100];
const TARGETS = {
  pipelineOverFloor: 1.5,
  tutorialOverPipeline: 10,
  smallRunP50Ms: 150,
  coldStartMs: 1500,
  peakRssMb: 300,
};

const cleanup = new Cleanup();

interface Repetitions {
  warmups: number;
  runs: number;
  smallWarmups: number;
  smallRuns: number;
  coldStarts: number;
}

/** A measured run of a workflow: wall time from the client's start call to its result. */
interface TimedRun {
  ms: number;
  stories: number;
  maxInFlight: number;
  /** Time the run's tasks waited for a worker poll (pipeline runs only). */
  waits?: QueueWaits;
}

interface Context {
  options: BenchOptions;
  reps: Repetitions;
  client: Client;
  api: FakeApiProcess;
  temporalAddress: string;
  destination: string;
}

let workflowCount = 0;

async function main(): Promise<number> {
  let options: BenchOptions | undefined;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n\n${BENCH_USAGE}\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  const reps: Repetitions = options.quick
    ? { warmups: 1, runs: 1, smallWarmups: 1, smallRuns: 5, coldStarts: 1 }
    : { warmups: 1, runs: 3, smallWarmups: 2, smallRuns: 20, coldStarts: 3 };
  const startedAt = new Date();
  const machine = machineInfo();

  // The in-process tutorial worker logs errors only.
  Runtime.install({ logger: new DefaultLogger('ERROR') });

  const tmp = mkdtempSync(join(tmpdir(), 'hn-bench-'));
  cleanup.add('temporary files', () =>
    Promise.resolve(rmSync(tmp, { recursive: true, force: true })),
  );

  const dashboard = () => runDashboardBench({ cleanup, tmp, quick: options.quick, log });
  if (options.only === 'dashboard') {
    // Needs no Temporal server and no fake API: it reads a generated store.
    const { figures, rows } = await dashboard();
    writeResults(
      options,
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        options: { quick: options.quick, only: 'dashboard' },
        machine,
        dashboard: figures,
        table: rows,
      },
      rows,
      machine,
    );
    return 0;
  }

  log('Starting the Temporal dev server, the fake Hacker News API and the worker');
  const devServer = await startDevServer();
  cleanup.add('the dev server', () => devServer.stop(), devServer.process().child);
  const api = await startFakeApi(options.latencyMs);
  cleanup.add('the fake API', () => api.process.stop(), api.process.child);
  const connection = await Connection.connect({ address: devServer.address });
  cleanup.add('the client connection', () => connection.close());
  const context: Context = {
    options,
    reps,
    client: new Client({ connection }),
    api,
    temporalAddress: devServer.address,
    destination: `sqlite:${join(tmp, 'hn-pipeline.db')}`,
  };

  // What each part that runs worker apps shares.
  const part = {
    client: context.client,
    cleanup,
    temporalAddress: devServer.address,
    tmp,
    latencyMs: options.latencyMs,
    log,
  };
  const ingest = () => runIngestBench({ ...part, ids: options.ids });
  const backfill = () =>
    runBackfillBench({
      ...part,
      itemsPerHour: options.itemsPerHour,
      parallelism: options.parallelism,
      concurrency: options.concurrency,
    });
  const follow = () =>
    runFollowBench({
      ...part,
      minutes: options.followMinutes,
      shortMinutes: Math.max(1, Math.round(options.followMinutes / 10)),
    });
  if (options.only === 'partitions') {
    const ingested = await ingest();
    const backfilled = await backfill();
    const issue = issueRows(ingested.figures, backfilled.figures);
    const rows = [...ingested.rows, ...backfilled.rows];
    writeResults(
      options,
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        options: { latencyMs: options.latencyMs, quick: options.quick, only: 'partitions' },
        machine,
        ingest: ingested.figures,
        backfill: backfilled.figures,
        issue,
        table: rows,
      },
      rows,
      machine,
      issue,
    );
    return 0;
  }
  if (options.only === 'ingest' || options.only === 'backfill' || options.only === 'follow') {
    const part = options.only;
    const { figures, rows } = await { ingest, backfill, follow }[part]();
    writeResults(
      options,
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        options: { latencyMs: options.latencyMs, quick: options.quick, only: part },
        machine,
        [part]: figures,
        table: rows,
      },
      rows,
      machine,
    );
    return 0;
  }

  const worker = spawnWorker(workerSettings(context));
  const stopWorker = cleanup.add(
    'the worker',
    () => worker.process.stop('SIGTERM'),
    worker.process.child,
  );
  await waitForReady(worker);
  const readyMemory = readMemory(worker.pid);
  const workerCommand = commandLine(worker.pid);
  if (!isWorkerCommand(workerCommand)) {
    throw new Error(
      `pid ${worker.pid} is not the worker's node process: ${workerCommand.join(' ')}`,
    );
  }

  // 1. limit 500: the pipeline against the floor and the tutorial's design, and worker memory.
  log(
    `limit ${LIMIT}, concurrency ${CONCURRENCY}, ${options.latencyMs} ms per request: pipeline and floor`,
  );
  const sampler = sampleRss(worker.pid, 50);
  const input500: HackerNewsInput = { limit: LIMIT, concurrency: CONCURRENCY };
  for (let i = 0; i < reps.warmups; i += 1) await timePipeline(context, input500);
  const pipelineRuns: TimedRun[] = [];
  const floorRuns: TimedRun[] = [];
  // Interleaved, so that a burst of other work on the machine hits both alike.
  for (let i = 0; i < reps.runs; i += 1) {
    pipelineRuns.push(await timePipeline(context, input500));
    floorRuns.push(...(await timeFloor(context, CONCURRENCY, 1, 1)));
  }
  const sampled = sampler.stop();
  const memoryAfter = readMemory(worker.pid);
  const children = childPids(worker.pid).map((pid) => ({
    pid,
    command: safe(() => commandLine(pid).join(' '), ''),
    peakRssMb: safe(() => readMemory(pid).peakRssMb, 0),
  }));

  log('The tutorial design: one activity fetching the items one after another (slow)');
  const tutorial = await timeTutorial(context);

  // 2. limit 10 without latency: the end-to-end latency of a small run.
  log(`limit 10, no latency: ${reps.smallRuns} runs after ${reps.smallWarmups} warm-ups`);
  await api.setLatency(0);
  const small = await timeSmallRuns(context, { limit: 10 });
  const smallNoStore = await timeSmallRuns(context, { limit: 10, store: false });

  // 3. Scaling with concurrency.
  await api.setLatency(options.latencyMs);
  const scaling = [];
  for (const concurrency of SCALING) {
    log(`Scaling: limit ${LIMIT}, concurrency ${concurrency}`);
    // Concurrency 1 takes about 500 x latency: one run of each.
    const runs = concurrency === 1 ? 1 : reps.runs;
    const pipeline: TimedRun[] = [];
    for (let i = 0; i < runs; i += 1) {
      pipeline.push(await timePipeline(context, { limit: LIMIT, concurrency }));
    }
    const floor =
      concurrency === 1 && options.quick
        ? undefined
        : await timeFloor(context, concurrency, concurrency === 1 ? 0 : 1, runs);
    scaling.push({
      concurrency,
      pipelineMs: summarize(pipeline.map((run) => run.ms)),
      pipelineMaxInFlight: Math.max(...pipeline.map((run) => run.maxInFlight)),
      floorMs: floor ? summarize(floor.map((run) => run.ms)) : null,
      floorMaxInFlight: floor ? Math.max(...floor.map((run) => run.maxInFlight)) : null,
    });
  }

  // 4. Worker cold start, alone on the machine's Temporal server.
  await stopWorker();
  await api.setLatency(0);
  log('Worker cold start with the prebuilt bundle');
  const coldPrebuilt = await timeColdStarts(context, undefined);
  log('Worker cold start bundling the workflows at start-up (HN_WORKFLOW_BUNDLE=off)');
  const coldBundling = await timeColdStarts(context, 'off');
  const nodeBoot = await timeBoot([]);
  const tsxBoot = await timeBoot(['--conditions=source', '--import', 'tsx']);

  const pipeline = summarize(pipelineRuns.map((run) => run.ms));
  const floor = summarize(floorRuns.map((run) => run.ms));
  const pipelineOverFloor = round2(pipeline.median / floor.median);
  const tutorialOverPipeline = round2(tutorial.ms / pipeline.median);
  const results = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { latencyMs: options.latencyMs, quick: options.quick, only: options.only ?? 'all' },
    machine,
    setup: {
      temporal: 'Temporal CLI dev server, in memory, own process',
      fakeApi: 'fake Hacker News API CLI, seed 1, own process',
      worker:
        'apps/worker/dist/main.js (as pnpm --filter worker start runs it), HN_HTTP_CONCURRENCY=200, HN_MAX_CONCURRENT_ACTIVITIES=100, sqlite destination, metrics off',
    },
    throughput: {
      limit: LIMIT,
      concurrency: CONCURRENCY,
      latencyMs: options.latencyMs,
      pipelineMs: pipeline,
      pipelineMaxInFlight: Math.max(...pipelineRuns.map((run) => run.maxInFlight)),
      pipelineQueueWaits: waitsOf(pipelineRuns),
      stories: pipelineRuns[0]!.stories,
      floorMs: floor,
      floorMaxInFlight: Math.max(...floorRuns.map((run) => run.maxInFlight)),
      pipelineOverFloor,
      tutorialMs: round1(tutorial.ms),
      tutorialStories: tutorial.stories,
      tutorialMaxInFlight: tutorial.maxInFlight,
      tutorialOverPipeline,
    },
    smallRuns: { limit: 10, latencyMs: 0, store: small, noStore: smallNoStore },
    scaling,
    coldStart: {
      prebuiltBundle: coldPrebuilt,
      bundlingAtStartup: coldBundling,
      nodeBootMs: nodeBoot,
      tsxBootMs: tsxBoot,
    },
    memory: {
      pid: worker.pid,
      command: workerCommand.join(' '),
      peakRssMb: memoryAfter.peakRssMb,
      sampledPeakRssMb: sampled.peakRssMb,
      samples: sampled.samples,
      rssAtReadyMb: readyMemory.rssMb,
      peakRssAtReadyMb: readyMemory.peakRssMb,
      rssAfterMb: memoryAfter.rssMb,
      children,
    },
    table: [] as Row[],
  };

  const rows: Row[] = [
    info(
      `limit ${LIMIT}, c=${CONCURRENCY}, ${options.latencyMs} ms/request: pipeline`,
      ms(pipeline.median),
    ),
    info(`limit ${LIMIT}, c=${CONCURRENCY}: floor (plain HTTP, no Temporal)`, ms(floor.median)),
    checked(
      'pipeline / floor',
      `${pipelineOverFloor.toFixed(2)}x`,
      `<= ${TARGETS.pipelineOverFloor}x`,
      pipelineOverFloor <= TARGETS.pipelineOverFloor,
    ),
    info(`limit ${LIMIT}: tutorial design (sequential activity, 1 run)`, ms(tutorial.ms)),
    checked(
      'tutorial / pipeline',
      `${tutorialOverPipeline.toFixed(1)}x`,
      `>= ${TARGETS.tutorialOverPipeline}x`,
      tutorialOverPipeline >= TARGETS.tutorialOverPipeline,
    ),
    checked(
      `limit 10, no latency: p50 (${reps.smallRuns} runs)`,
      ms(small.p50),
      `<= ${TARGETS.smallRunP50Ms} ms`,
      small.p50 <= TARGETS.smallRunP50Ms,
    ),
    info('limit 10, no latency: p95', ms(small.p95)),
    info('limit 10, no latency, store: false: p50', ms(smallNoStore.p50)),
    info(
      `limit 10: per run, queued for a poll: ${small.workflowTasksPerRun} workflow tasks / ${small.activityTasksPerRun} activities (median)`,
      `${ms(small.workflowTaskWaitMs.median)} / ${ms(small.activityTaskWaitMs.median)}`,
    ),
    ...scaling.map((point) =>
      info(
        `limit ${LIMIT}, c=${point.concurrency}: pipeline (floor), max in flight`,
        `${ms(point.pipelineMs.median)} (${point.floorMs ? ms(point.floorMs.median) : 'n/a'}), ${point.pipelineMaxInFlight}`,
      ),
    ),
    checked(
      'worker cold start, prebuilt bundle: spawn -> ready',
      ms(coldPrebuilt.readyMs.median),
      `<= ${ms(TARGETS.coldStartMs)}`,
      coldPrebuilt.readyMs.median <= TARGETS.coldStartMs,
    ),
    info('  of which in main() (startupMs)', ms(coldPrebuilt.startupMs.median)),
    info('  spawn -> first workflow (limit 1) completed', ms(coldPrebuilt.firstWorkflowMs.median)),
    info(
      'worker cold start, bundling at start-up: spawn -> ready',
      ms(coldBundling.readyMs.median),
    ),
    info('  spawn -> first workflow (limit 1) completed', ms(coldBundling.firstWorkflowMs.median)),
    info(
      'node boot, empty script (node / node + tsx)',
      `${ms(nodeBoot.median)} / ${ms(tsxBoot.median)}`,
    ),
    checked(
      `worker peak RSS (VmHWM) after the limit ${LIMIT} runs`,
      `${memoryAfter.peakRssMb} MB`,
      `<= ${TARGETS.peakRssMb} MB`,
      memoryAfter.peakRssMb <= TARGETS.peakRssMb,
    ),
    info('worker RSS sampled every 50 ms during them: peak', `${sampled.peakRssMb} MB`),
    info(
      'worker RSS at "Worker ready" (peak so far)',
      `${readyMemory.rssMb} MB (${readyMemory.peakRssMb} MB)`,
    ),
  ];
  let issue: IssueRow[] | undefined;
  if (options.only !== 'pipeline') {
    const { figures, rows: ingestRows } = await ingest();
    rows.push(...ingestRows);
    const { figures: backfillFigures, rows: backfillRows } = await backfill();
    rows.push(...backfillRows);
    issue = issueRows(figures, backfillFigures);
    const { figures: dashboardFigures, rows: dashboardRows } = await dashboard();
    rows.push(...dashboardRows);
    const { figures: followFigures, rows: followRows } = await follow();
    rows.push(...followRows);
    Object.assign(results, {
      issue,
      ingest: figures,
      backfill: backfillFigures,
      dashboard: dashboardFigures,
      follow: followFigures,
    });
  }
  results.table = rows;
  results.finishedAt = new Date().toISOString();
  writeResults(options, results, rows, machine, issue);
  return 0;
}

function writeResults(
  options: BenchOptions,
  results: object,
  rows: readonly Row[],
  machine: ReturnType<typeof machineInfo>,
  issue?: readonly IssueRow[],
): void {
  const jsonPath = resolve(options.jsonOut);
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  const load = machine.loadAverage.join(', ');
  process.stdout.write(
    `\n${formatTable(rows)}\n${issue ? `\nThe partitions issue's table ("today": as filed, at load 1.1):\n${formatIssueTable(issue)}\n` : ''}\n${machine.cpus} CPUs (${machine.cpuModel}), load average at start ${load}, at the end ${loadavg()
      .map((value) => value.toFixed(2))
      .join(', ')}, Node.js ${machine.node}, ${machine.os}; figures in ${jsonPath}\n`,
  );
}

function workerSettings(context: Context): WorkerSettings {
  return {
    temporalAddress: context.temporalAddress,
    apiUrl: context.api.baseUrl,
    destination: context.destination,
  };
}

/** Runs HackerNewsWorkflow on the worker app; the fake API's counters cover this run only. */
async function timePipeline(context: Context, input: HackerNewsInput): Promise<TimedRun> {
  await context.api.resetStats();
  const started = performance.now();
  const handle = await context.client.workflow.start(HackerNewsWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `bench-pipeline-${++workflowCount}`,
    args: [input],
  });
  const result = await handle.result();
  const elapsed = performance.now() - started;
  const stats = await context.api.stats();
  const stories = Array.isArray(result) ? result.length : result.stories.length;
  return { ms: elapsed, stories, maxInFlight: stats.maxInFlight, waits: await queueWaits(handle) };
}

/** Runs the floor script in a process of its own; one {@link TimedRun} per measured run. */
async function timeFloor(
  context: Context,
  concurrency: number,
  warmups: number,
  runs: number,
): Promise<TimedRun[]> {
  await context.api.resetStats();
  const floor = startProcess(process.execPath, [
    '--import',
    'tsx',
    FLOOR_SCRIPT,
    '--base-url',
    context.api.baseUrl,
    '--limit',
    String(LIMIT),
    '--concurrency',
    String(concurrency),
    '--warmups',
    String(warmups),
    '--runs',
    String(runs),
  ]);
  const stop = cleanup.add('the floor script', () => floor.stop(), floor.child);
  const code = await floor.exited;
  await stop();
  if (code !== 0) throw new Error(`the floor script exited with ${code}:\n${floor.output()}`);
  const lines = floor.output().trim().split('\n');
  const output = JSON.parse(lines[lines.length - 1]!) as FloorOutput;
  const { maxInFlight } = await context.api.stats();
  return output.runsMs.map((runMs) => ({ ms: runMs, stories: output.items, maxInFlight }));
}

/** Runs TutorialWorkflow once on an in-process worker of its own task queue. */
async function timeTutorial(context: Context): Promise<TimedRun> {
  const workflowBundle = await bundleWorkflowsOnce(TUTORIAL_WORKFLOWS);
  const connection = await NativeConnection.connect({ address: context.temporalAddress });
  const hackerNews = createHackerNewsClient({ baseUrl: context.api.baseUrl });
  const worker = await Worker.create({
    connection,
    taskQueue: TUTORIAL_TASK_QUEUE,
    workflowBundle,
    activities: createTutorialActivities(hackerNews),
  });
  let running: Promise<unknown> = Promise.resolve();
  const stop = cleanup.add('the tutorial worker', async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch(() => undefined);
    await hackerNews.close();
    await connection.close();
  });
  try {
    return await (running = worker.runUntil(async () => {
      await context.api.resetStats();
      const started = performance.now();
      const stories = await context.client.workflow.execute(TutorialWorkflow, {
        taskQueue: TUTORIAL_TASK_QUEUE,
        workflowId: `bench-tutorial-${++workflowCount}`,
        args: [LIMIT],
      });
      const elapsed = performance.now() - started;
      const { maxInFlight } = await context.api.stats();
      return { ms: elapsed, stories: stories.length, maxInFlight };
    }));
  } finally {
    await stop();
  }
}

/** p50 and p95 of small runs after warm-ups. */
async function timeSmallRuns(context: Context, input: HackerNewsInput) {
  for (let i = 0; i < context.reps.smallWarmups; i += 1) await timePipeline(context, input);
  const timed: TimedRun[] = [];
  for (let i = 0; i < context.reps.smallRuns; i += 1) {
    timed.push(await timePipeline(context, input));
  }
  const runs = timed.map((run) => run.ms);
  return {
    runs: runs.map(round1),
    p50: round1(percentile(runs, 50)),
    p95: round1(percentile(runs, 95)),
    ...waitsOf(timed),
  };
}

/**
 * Spawns fresh workers on task queues of their own, each with a `limit: 1` run already waiting:
 * spawn to the "Worker ready" line, and spawn to that run's result.
 */
async function timeColdStarts(context: Context, workflowBundle: 'off' | undefined) {
  const ready: number[] = [];
  const startup: number[] = [];
  const firstWorkflow: number[] = [];
  let workflows = '';
  for (let i = 0; i < context.reps.coldStarts; i += 1) {
    const taskQueue = `bench-cold-start-${workflowBundle ?? 'prebuilt'}-${i}`;
    const handle = await context.client.workflow.start(HackerNewsWorkflow, {
      taskQueue,
      workflowId: `bench-cold-start-${++workflowCount}`,
      args: [{ limit: 1 }],
    });
    const worker = spawnWorker({
      ...workerSettings(context),
      taskQueue,
      ...(workflowBundle ? { workflowBundle } : {}),
    });
    const stop = cleanup.add(
      'a cold-start worker',
      () => worker.process.stop('SIGTERM'),
      worker.process.child,
    );
    try {
      const line = await waitForReady(worker);
      await handle.result();
      const completedAt = performance.now();
      ready.push(line.readyAt - worker.spawnedAt);
      startup.push(line.startupMs);
      firstWorkflow.push(completedAt - worker.spawnedAt);
      workflows = line.workflows;
    } finally {
      await stop();
    }
  }
  return {
    workflows,
    readyMs: summarize(ready),
    startupMs: summarize(startup),
    firstWorkflowMs: summarize(firstWorkflow),
  };
}

/** Spawn to exit of `node <flags> -e ""`, median of 3: the part of a cold start no code controls. */
async function timeBoot(flags: string[]): Promise<Summary> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    const child = startProcess(process.execPath, [...flags, '-e', '']);
    const code = await child.exited;
    if (code !== 0) throw new Error(`node ${flags.join(' ')} -e '' exited with ${code}`);
    runs.push(performance.now() - started);
  }
  return summarize(runs);
}

/** Medians of the queue waits of `runs`, and each run's. */
function waitsOf(runs: readonly TimedRun[]) {
  const waits = runs.map((run) => run.waits!);
  return {
    workflowTaskWaitMs: summarize(waits.map((wait) => wait.workflowTasksMs)),
    activityTaskWaitMs: summarize(waits.map((wait) => wait.activityTasksMs)),
    workflowTasksPerRun: waits[0]?.workflowTasks ?? 0,
    activityTasksPerRun: waits[0]?.activityTasks ?? 0,
  };
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

let interrupted = false;
const onSignal = (signal: NodeJS.Signals, code: number) => {
  // Ctrl-C reaches this process twice (from the terminal and relayed by tsx): stay on until the
  // clean-up is done.
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping everything`);
    void cleanup.runAll().finally(() => process.exit(code));
  });
};
onSignal('SIGINT', 130);
onSignal('SIGTERM', 143);
process.on('exit', () => cleanup.killAllNow());

main()
  .then(async (code) => {
    await cleanup.runAll();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    if (interrupted) return;
    log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanup.runAll();
    process.exit(1);
  });
