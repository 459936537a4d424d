import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import type { FollowStatus } from '@hn/contract';
import {
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type StartFakeHackerNewsApiOptions,
} from '@hn/fake-hn-api';
import { createFollowStore, createStore, type SqlStore } from '@hn/storage';
import { bundleWorkflowsOnce, createLocalEnv } from '@hn/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { followStatusQuery } from '../src/index';
import { workflowsPath } from '../src/worker';

/**
 * A dev server, the fake API, a SQLite store and a way to run a worker on them. The follower is
 * queried while it continues as new, which can stall a run on the time-skipping server; it polls
 * on a timer of real seconds anyway, so there is no time to skip.
 */
export interface FollowHarness {
  env: TestWorkflowEnvironment;
  api: FakeHackerNewsApi;
  store: SqlStore;
  taskQueue: string;
  /** Runs `fn` while a worker with the follower's activities polls the task queue. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function startFollowHarness(
  apiOptions: StartFakeHackerNewsApiOptions,
  taskQueue = 'hn-follow-test',
): Promise<FollowHarness> {
  const [env, api, workflowBundle] = await Promise.all([
    createLocalEnv(),
    startFakeHackerNewsApi({ seed: 1, ...apiOptions }),
    bundleWorkflowsOnce(workflowsPath()),
  ]);
  const store = await createStore({
    kind: 'sqlite',
    filename: join(mkdtempSync(join(tmpdir(), 'hn-follow-')), 'hn.db'),
  });
  const client = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 2_000 });
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
          items: store,
          follow: createFollowStore(store.db),
          itemRetry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 10 },
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

/** Queries the follower until `done` holds for its status (real time), or fails after `ms`. */
export async function waitForStatus(
  handle: WorkflowHandle,
  done: (status: FollowStatus) => boolean,
  ms = 120_000,
): Promise<FollowStatus> {
  const deadline = Date.now() + ms;
  let last: FollowStatus | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(followStatusQuery);
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `the follower did not get there in ${ms} ms; last status ${JSON.stringify(last)}`,
  );
}
