import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient, type ItemRetryOptions } from '@hn/activities';
import {
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type StartFakeHackerNewsApiOptions,
} from '@hn/fake-hn-api';
import { createFollowStore, createStore, type SqlStore } from '@hn/storage';
import { bundleWorkflowsOnce, createLocalEnv, createTimeSkippingEnv } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowsPath } from '../src/worker';

/**
 * A Temporal server, the fake Hacker News API, a SQLite store and a way to run a worker on them,
 * for one test file. The worker has every activity with the stores `apps/worker` gives them: the
 * store for runs, items and the follower's cursor and settling.
 */
export interface WorkerHarness {
  env: TestWorkflowEnvironment;
  api: FakeHackerNewsApi;
  store: SqlStore;
  taskQueue: string;
  /** Runs `fn` while a worker polls the task queue. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface WorkerHarnessOptions {
  taskQueue: string;
  /** `time-skipping` (default) or `dev`: a dev server, which has Schedules and visibility. */
  server?: 'time-skipping' | 'dev';
  /** Options of the fake API; seed 1 unless given. */
  api?: StartFakeHackerNewsApiOptions;
  /** Requests the worker's API client has in flight at most; the client's default unless given. */
  maxConcurrency?: number;
  /** In-activity retries of per-item failures; the activities' default unless given. */
  itemRetry?: ItemRetryOptions;
}

/** Per-item retries that cost a test milliseconds, not the default's backoff. */
export const FAST_ITEM_RETRY: ItemRetryOptions = { attempts: 2, initialDelayMs: 1, maxDelayMs: 10 };

export async function startWorkerHarness(options: WorkerHarnessOptions): Promise<WorkerHarness> {
  const { taskQueue } = options;
  const [env, api, workflowBundle] = await Promise.all([
    options.server === 'dev' ? createLocalEnv() : createTimeSkippingEnv(),
    startFakeHackerNewsApi({ seed: 1, ...options.api }),
    bundleWorkflowsOnce(workflowsPath()),
  ]);
  const store = await createStore({
    kind: 'sqlite',
    filename: join(mkdtempSync(join(tmpdir(), `${taskQueue}-`)), 'hn.db'),
  });
  const client = createHackerNewsClient({
    baseUrl: api.baseUrl,
    timeoutMs: 2_000,
    ...(options.maxConcurrency !== undefined && { maxConcurrency: options.maxConcurrency }),
  });
  return {
    env,
    api,
    store,
    taskQueue,
    async withWorker(fn) {
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle,
        activities: createActivities({
          client,
          store,
          items: store,
          follow: createFollowStore(store.db),
          ...(options.itemRetry !== undefined && { itemRetry: options.itemRetry }),
        }),
      });
      return worker.runUntil(fn());
    },
    async close() {
      await client.close();
      await api.close();
      await store.close();
      await env.teardown();
    },
  };
}

/** The time-skipping server and the fake API's curated dataset (the tutorial's top stories). */
export type PipelineHarness = WorkerHarness;

export function startHarness(
  taskQueue = 'hn-test',
  apiOptions: StartFakeHackerNewsApiOptions = {},
): Promise<PipelineHarness> {
  return startWorkerHarness({ taskQueue, api: apiOptions, maxConcurrency: 100 });
}
