import { fileURLToPath } from 'node:url';
import { startProcess, type ManagedProcess } from '@hn/testing';
import type { Client } from '@temporalio/client';
import type { Cleanup } from './cleanup';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = 'apps/worker/dist/main.js';

/** What a part of the benchmark that runs worker apps needs from the runner. */
export interface WorkerBenchContext {
  client: Client;
  cleanup: Cleanup;
  temporalAddress: string;
  /** A folder of its own for SQLite files and logs. */
  tmp: string;
  /** The fake API's latency per request. */
  latencyMs: number;
  log: (message: string) => void;
}

/** Settings of a benchmarked worker process. */
export interface WorkerSettings {
  temporalAddress: string;
  apiUrl: string;
  /** `sqlite:<path>` or a `postgres://` URL; the worker's run store and item store. */
  destination: string;
  taskQueue?: string;
  /** `off` bundles the workflows at start-up; unset uses the prebuilt bundle. */
  workflowBundle?: 'off';
  /** Extra flags for node, before the main module (e.g. `--max-semi-space-size=16`). */
  nodeFlags?: readonly string[];
  /** Extra environment variables (e.g. `HN_BENCH_HEAP_LOG`). */
  env?: Readonly<Record<string, string>>;
}

/** A worker app process and when it was spawned (`performance.now()` of this process). */
export interface SpawnedWorker {
  process: ManagedProcess;
  pid: number;
  spawnedAt: number;
}

/** What the worker's "Worker ready" line says, and when it arrived. */
export interface WorkerReady {
  readyAt: number;
  /** The worker's own `startupMs`: from `main()` to ready, without process boot and imports. */
  startupMs: number;
  workflows: string;
}

/** Spawns the worker app as `pnpm --filter worker start` runs it, with the benchmark's settings. */
export function spawnWorker(settings: WorkerSettings): SpawnedWorker {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: settings.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    HN_API_URL: settings.apiUrl,
    HN_DESTINATION: settings.destination,
    HN_METRICS_ADDRESS: 'off',
    HN_HTTP_CONCURRENCY: '200',
    HN_MAX_CONCURRENT_ACTIVITIES: '100',
    LOG_FORMAT: 'json',
  };
  delete env.HN_WORKFLOW_BUNDLE;
  if (settings.taskQueue) env.HN_TASK_QUEUE = settings.taskQueue;
  if (settings.workflowBundle) env.HN_WORKFLOW_BUNDLE = settings.workflowBundle;
  Object.assign(env, settings.env);
  const spawnedAt = performance.now();
  const args = ['--enable-source-maps', ...(settings.nodeFlags ?? []), MAIN];
  const managed = startProcess(process.execPath, args, {
    cwd: ROOT,
    env,
  });
  const { pid } = managed.child;
  if (pid === undefined) throw new Error(`could not spawn ${process.execPath} ${args.join(' ')}`);
  return { process: managed, pid, spawnedAt };
}

/** Waits for the "Worker ready" line and parses it. */
export async function waitForReady(
  worker: SpawnedWorker,
  timeoutMs = 120_000,
): Promise<WorkerReady> {
  await worker.process.waitForOutput(/"Worker ready"[^\n]*\n/, timeoutMs);
  const readyAt = performance.now();
  const line = worker.process
    .output()
    .split('\n')
    .find((text) => text.includes('"Worker ready"'))!;
  const fields = JSON.parse(line) as { startupMs: number; workflows: string };
  return { readyAt, startupMs: fields.startupMs, workflows: fields.workflows };
}

/** Whether `cmdline` is the node process running the worker's main module (not a wrapper). */
export function isWorkerCommand(cmdline: readonly string[]): boolean {
  return /(^|\/)node[\d.]*$/.test(cmdline[0] ?? '') && cmdline.some((arg) => arg.endsWith(MAIN));
}

/**
 * Spawns a worker app on the runner's dev server ({@link spawnWorker}), registers its stop with the
 * runner's clean-up under `label`, and waits for its "Worker ready" line; `stop` SIGTERMs it now.
 */
export async function startReadyWorker(
  context: WorkerBenchContext,
  label: string,
  settings: Omit<WorkerSettings, 'temporalAddress'>,
): Promise<{ worker: SpawnedWorker; ready: WorkerReady; stop: () => Promise<void> }> {
  const worker = spawnWorker({ temporalAddress: context.temporalAddress, ...settings });
  const stop = context.cleanup.add(
    label,
    () => worker.process.stop('SIGTERM'),
    worker.process.child,
  );
  try {
    return { worker, ready: await waitForReady(worker), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
