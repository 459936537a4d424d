import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { createFollowStore, createStore } from '@hn/storage';
import {
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type StartFakeHackerNewsApiOptions,
} from '@hn/fake-hn-api';
import { bundleWorkflowsOnce, createTimeSkippingEnv } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowsPath } from '../src/worker';

/** One time-skipping server, one fake Hacker News API and one worker for a test file. */
export interface PipelineHarness {
  env: TestWorkflowEnvironment;
  api: FakeHackerNewsApi;
  store: Awaited<ReturnType<typeof createStore>>;
  taskQueue: string;
  /** Runs `fn` while a worker polls the task queue. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function startHarness(
  taskQueue = 'hn-test',
  apiOptions: StartFakeHackerNewsApiOptions = {},
): Promise<PipelineHarness> {
  const [env, api, workflowBundle] = await Promise.all([
    createTimeSkippingEnv(),
    startFakeHackerNewsApi({ seed: 1, ...apiOptions }),
    bundleWorkflowsOnce(workflowsPath()),
  ]);
  const store = await createStore({
    kind: 'sqlite',
    filename: join(mkdtempSync(join(tmpdir(), 'hn-wf-')), 'hn.db'),
  });
  const client = createHackerNewsClient({
    baseUrl: api.baseUrl,
    timeoutMs: 2_000,
    maxConcurrency: 100,
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
