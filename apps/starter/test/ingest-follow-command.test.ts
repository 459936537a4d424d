// `ingest follow` against real parts: a dev server (update-with-start), a worker running the real
// follower and activities into a SQLite file, the fake Hacker News API serving a generated space.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import type { FollowStatus } from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createFollowStore, createStore, type SqlStore } from '@hn/storage';
import { bundleWorkflowsOnce, createLocalEnv, waitFor } from '@hn/testing';
import { workflowsPath } from '@hn/workflows/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runStarter } from './cli';

const TASK_QUEUE = 'hn-follow-cli';
let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let hnClient: ReturnType<typeof createHackerNewsClient>;
let store: SqlStore;
let worker: Worker;
let workerRun: Promise<void>;

beforeAll(async () => {
  const database = join(mkdtempSync(join(tmpdir(), 'hn-follow-cli-')), 'hn.db');
  process.env.HN_DESTINATION = `sqlite:${database}`;
  [env, api, store] = await Promise.all([
    createLocalEnv(),
    startFakeHackerNewsApi({ seed: 1, generatedSpace: true, maxItem: 5_000 }),
    createStore({ kind: 'sqlite', filename: database }),
  ]);
  hnClient = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 2000 });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await bundleWorkflowsOnce(workflowsPath()),
    activities: createActivities({
      client: hnClient,
      items: store,
      follow: createFollowStore(store.db),
    }),
  });
  workerRun = worker.run();
}, 120_000);

afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await workerRun;
  }
  await hnClient?.close();
  await store?.close();
  await api?.close();
  await env?.teardown();
});

const cli = (...args: string[]) =>
  runStarter(args, { client: env.client, stdout: { columns: 200 }, stderr: { columns: 200 } });

const follow = (...args: string[]) => cli('ingest', 'follow', '--task-queue', TASK_QUEUE, ...args);

describe('ingest follow', () => {
  it('starts the follower, attaches to it when run again, and --stop ends it with its status', async () => {
    const started = await follow('--from-id', '4001', '--poll-interval-seconds', '1', '--json');
    expect(started.code).toBe(0);
    expect((JSON.parse(started.stdout) as FollowStatus).polls).toBeLessThanOrEqual(1);

    await waitFor(
      'the follower to store 4001..5000',
      async () => {
        const attached = await follow('--json');
        expect(attached.code).toBe(0);
        const status = JSON.parse(attached.stdout) as FollowStatus;
        // The same follower: the first run's --from-id holds.
        expect(status.firstId).toBe(4001);
        return status.cursor === 5_001;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(await store.itemStats({ fromId: 4001, toId: 5000 })).toMatchObject({ gaps: 0 });

    const stopped = await follow('--stop', '--json');
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ phase: 'stopped', cursor: 5_001 });
    const again = await follow('--stop');
    expect(again.stdout).toMatch(/No follower .* is running/);
  }, 180_000);

  it('refuses a flag out of range by its flag name, before connecting', async () => {
    const result = await follow('--poll-interval-seconds', '0');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--poll-interval-seconds must be an integer from 1 to 300, got 0/,
    );
  });
});
