import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { FAILURE_TYPES, type RunRecord } from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { bundleWorkflowsOnce, createTimeSkippingEnv, waitFor } from '@hn/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createActivities,
  createHackerNewsClient,
  type ActivitiesDeps,
  type FetchStoriesResult,
  type IncompleteBatchDetails,
} from '../src';
import { callActivity, type ActivityCall, type ActivityCallOutcome } from './workflows';

// The real activities, run by a workflow under Temporal's retry policy on the time-skipping
// test server, against the fake Hacker News API as a real HTTP server. Retry backoff passes in
// skipped time while a test awaits a result, so minutes of backoff take real seconds; while a
// test does not await, time stands still, which lets it change the API between two attempts.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let workflowBundle: WorkflowBundleWithSourceMap;
let runs = 0;

beforeAll(async () => {
  [env, api, workflowBundle] = await Promise.all([
    createTimeSkippingEnv(),
    startFakeHackerNewsApi({ seed: 1 }),
    bundleWorkflowsOnce(workflowsPath),
  ]);
});
afterAll(async () => {
  await api?.close();
  await env?.teardown();
});
beforeEach(() => {
  api.resetFaults();
  api.resetStats();
});

/** Runs `fn` while a worker with the real activities (on a client of the fake API) polls. */
async function withWorker<T>(
  deps: Omit<ActivitiesDeps, 'client'>,
  fn: (start: (call: ActivityCall) => Promise<WorkflowHandle<typeof callActivity>>) => Promise<T>,
): Promise<T> {
  const taskQueue = `activities-${++runs}`;
  const client = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 2_000 });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: createActivities({ client, heartbeatIntervalMs: 100, ...deps }),
    // Heartbeats reach the server within 100 ms, so a timed-out attempt has left its progress.
    defaultHeartbeatThrottleInterval: '100 ms',
    maxHeartbeatThrottleInterval: '100 ms',
  });
  const start = (call: ActivityCall) =>
    env.client.workflow.start(callActivity, {
      taskQueue,
      workflowId: `${taskQueue}-${call.activity}`,
      args: [call],
    });
  try {
    return await worker.runUntil(fn(start));
  } finally {
    await client.close();
  }
}

/** Starts `call`, awaits its outcome (skipping time) and reads the attempt count from history. */
async function execute(
  call: ActivityCall,
  deps: Omit<ActivitiesDeps, 'client'> = {},
): Promise<{ outcome: ActivityCallOutcome; attempts: number; realMs: number }> {
  return withWorker(deps, async (start) => {
    const realStart = Date.now();
    const handle = await start(call);
    const outcome = await handle.result();
    return { outcome, attempts: await attemptsOf(handle), realMs: Date.now() - realStart };
  });
}

/**
 * The attempt the activity ended on. Temporal writes one ActivityTaskStarted event per activity,
 * with the attempt it started last; retries before it leave no event of their own.
 */
async function attemptsOf(handle: WorkflowHandle): Promise<number> {
  const { events } = await handle.fetchHistory();
  const started = (events ?? []).flatMap((e) => e.activityTaskStartedEventAttributes ?? []);
  expect(started).toHaveLength(1);
  return started[0]!.attempt ?? 0;
}

/** Waits until the workflow's one pending activity is scheduled for `attempt`. */
async function pendingAttempt(handle: WorkflowHandle, attempt: number) {
  const seen = await waitFor(`attempt ${attempt} of the activity to be scheduled`, async () => {
    const description = await handle.describe();
    const [pending] = description.raw.pendingActivities ?? [];
    if (pending?.attempt === attempt) return { pending };
    return description.status.name === 'RUNNING' ? undefined : { ended: description.status.name };
  });
  if (!seen.pending) {
    throw new Error(`The workflow ended (${seen.ended}) before attempt ${attempt} was scheduled`);
  }
  return seen.pending;
}

describe('a retryable failure is retried by Temporal, with backoff in skipped time', () => {
  it('rides out a list answering 503 three times: four attempts, 1 + 2 + 4 minutes of backoff', async () => {
    api.setFaults({ failNextRequests: 3 });
    const { outcome, attempts, realMs } = await execute({
      activity: 'fetchStoryIds',
      input: { list: 'top', limit: 5 },
      retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumAttempts: 5 },
      startToCloseTimeout: 10 * SECOND,
    });

    expect(outcome.failure).toBeUndefined();
    expect(outcome.result).toEqual(api.dataset.lists.top.slice(0, 5));
    expect(attempts).toBe(4);
    expect(api.stats().byList.top).toBe(4);
    expect(api.stats().faults.failNext).toBe(3);
    const skipped = outcome.endedAtMs - outcome.startedAtMs;
    expect(skipped).toBeGreaterThanOrEqual(7 * MINUTE);
    expect(skipped).toBeLessThan(8 * MINUTE);
    expect(realMs).toBeLessThan(MINUTE);
  });

  it("waits the API's Retry-After (10 minutes) instead of the policy's 1-second backoff", async () => {
    api.setFaults({ rateLimitRate: 1, retryAfterSeconds: 600 });
    const { outcome, attempts } = await withWorker({}, async (start) => {
      const handle = await start({
        activity: 'fetchStoryIds',
        input: { list: 'new', limit: 3 },
        retry: { initialInterval: '1 second', maximumAttempts: 3 },
        startToCloseTimeout: 10 * SECOND,
      });
      // Time stands still until the result is awaited: the API recovers before attempt 2 runs.
      const pending = await pendingAttempt(handle, 2);
      expect(pending.lastFailure?.applicationFailureInfo?.type).toBe(FAILURE_TYPES.rateLimited);
      api.setFaults({ rateLimitRate: 0 });
      return { outcome: await handle.result(), attempts: await attemptsOf(handle) };
    });

    expect(outcome.result).toEqual(api.dataset.lists.new.slice(0, 3));
    expect(attempts).toBe(2);
    expect(api.stats().byList.new).toBe(2);
    expect(api.stats().faults.rateLimit).toBe(1);
    const skipped = outcome.endedAtMs - outcome.startedAtMs;
    expect(skipped).toBeGreaterThanOrEqual(10 * MINUTE);
    expect(skipped).toBeLessThan(11 * MINUTE);
  });

  it('gives up after maximumAttempts on an API that stays down, with the last failure typed', async () => {
    api.setFaults({ down: true });
    const { outcome, attempts } = await execute({
      activity: 'fetchStoryIds',
      input: { list: 'top', limit: 5 },
      retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
      startToCloseTimeout: 10 * SECOND,
    });

    expect(outcome.failure).toMatchObject({
      type: FAILURE_TYPES.serverError,
      nonRetryable: false,
      retryState: 'MAXIMUM_ATTEMPTS_REACHED',
    });
    expect(outcome.failure?.message).toMatch(/503/);
    expect(attempts).toBe(3);
    expect(api.stats().byList.top).toBe(3);
    const skipped = outcome.endedAtMs - outcome.startedAtMs;
    expect(skipped).toBeGreaterThanOrEqual(1.5 * MINUTE);
    expect(skipped).toBeLessThan(2.5 * MINUTE);
  });
  it('a store whose SQLite file is locked by another writer: retried, then saved once', async () => {
    const filename = join(mkdtempSync(join(tmpdir(), 'hn-act-')), 'hn.db');
    const store = await createStore({ kind: 'sqlite', filename, busyTimeoutMs: 50 });
    const locker = new BetterSqlite3(filename);
    try {
      locker.exec('BEGIN IMMEDIATE');
      const outcome = await withWorker({ store }, async (start) => {
        const handle = await start({
          activity: 'storeRun',
          input: sampleRun(),
          retry: { initialInterval: '2 minutes', maximumAttempts: 3 },
          startToCloseTimeout: 10 * SECOND,
        });
        const pending = await pendingAttempt(handle, 2);
        expect(pending.lastFailure?.applicationFailureInfo?.type).toBe(FAILURE_TYPES.storeFailed);
        expect(pending.lastFailure?.message).toMatch(/database is locked/);
        // The failed attempt rolled back: nothing of the run is in the file.
        expect((await store.countRows()).runs).toBe(0);
        locker.exec('ROLLBACK');
        return { value: await handle.result(), attempts: await attemptsOf(handle) };
      });

      expect(outcome.value.result).toEqual({
        stored: true,
        runCreated: true,
        storiesWritten: 3,
      });
      expect(outcome.attempts).toBe(2);
      expect(await store.countRows()).toEqual({
        stories: 3,
        runs: 1,
        run_stories: 3,
        run_skipped: 1,
        word_counts: 2,
        items: 0,
        ingest_partitions: 0,
        follow_cursors: 0,
      });
    } finally {
      locker.close();
      await store.close();
    }
  });
});

describe('a non-retryable failure stops at once', () => {
  const patient = { initialInterval: '1 second', maximumAttempts: 10 } as const;

  it('a list that answers 404: one attempt, one request', async () => {
    api.setFaults({ notFoundLists: ['best'] });
    const { outcome, attempts } = await execute({
      activity: 'fetchStoryIds',
      input: { list: 'best', limit: 5 },
      retry: patient,
      startToCloseTimeout: 10 * SECOND,
    });

    expect(outcome.failure).toMatchObject({
      type: FAILURE_TYPES.notFound,
      nonRetryable: true,
      retryState: 'NON_RETRYABLE_FAILURE',
    });
    expect(outcome.failure?.message).toMatch(/404/);
    expect(attempts).toBe(1);
    expect(api.stats().totalRequests).toBe(1);
    expect(outcome.endedAtMs - outcome.startedAtMs).toBeLessThan(1_000);
  });

  it('invalid input: one attempt, no request, the problem named', async () => {
    const { outcome, attempts } = await execute({
      activity: 'fetchStories',
      input: { ids: [1, 1, -3] },
      retry: patient,
      startToCloseTimeout: 10 * SECOND,
    });

    expect(outcome.failure).toMatchObject({
      type: FAILURE_TYPES.invalidInput,
      nonRetryable: true,
      retryState: 'NON_RETRYABLE_FAILURE',
    });
    expect(outcome.failure?.message).toMatch(/^fetchStories: invalid input: /);
    expect(outcome.failure?.message).toMatch(/ids\.2: Too small/);
    expect(attempts).toBe(1);
    expect(api.stats().totalRequests).toBe(0);
  });

  it('a run record the store cannot take: one attempt, nothing written to SQLite', async () => {
    const store = await createStore({
      kind: 'sqlite',
      filename: join(mkdtempSync(join(tmpdir(), 'hn-act-')), 'hn.db'),
    });
    try {
      const record = { runId: '', workflowId: 'wf', list: 'top', stories: [] } as unknown;
      const { outcome, attempts } = await execute(
        { activity: 'storeRun', input: record, retry: patient, startToCloseTimeout: 10 * SECOND },
        { store },
      );

      expect(outcome.failure).toMatchObject({
        type: FAILURE_TYPES.invalidInput,
        nonRetryable: true,
        retryState: 'NON_RETRYABLE_FAILURE',
      });
      expect(outcome.failure?.message).toMatch(/^storeRun: invalid input: /);
      expect(attempts).toBe(1);
      expect(await store.countRows()).toEqual({
        stories: 0,
        runs: 0,
        run_stories: 0,
        run_skipped: 0,
        word_counts: 0,
        items: 0,
        ingest_partitions: 0,
        follow_cursors: 0,
      });
    } finally {
      await store.close();
    }
  });
});

describe('a retried fetchStories resumes from its heartbeat and fetches only what is left', () => {
  const chunk = () => api.dataset.lists.top.slice(0, 10);

  it('an item failing with 500s: attempt 2 fetches that item alone', async () => {
    const ids = chunk();
    const flaky = ids[5]!;
    api.setFaults({ itemFaults: { [flaky]: 'error' } });
    const { outcome, attempts } = await withWorker(
      { itemRetry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 50 } },
      async (start) => {
        const handle = await start({
          activity: 'fetchStories',
          input: { ids, concurrency: 1 },
          retry: { initialInterval: '5 minutes', maximumAttempts: 3 },
          startToCloseTimeout: MINUTE,
          heartbeatTimeout: 10 * SECOND,
        });
        const pending = await pendingAttempt(handle, 2);
        const failure = pending.lastFailure?.applicationFailureInfo;
        expect(failure?.type).toBe(FAILURE_TYPES.incompleteBatch);
        expect(pending.lastFailure?.message).toMatch(/^1 of 10 items still fail/);
        api.setFaults({ itemFaults: {} });
        return { outcome: await handle.result(), attempts: await attemptsOf(handle) };
      },
    );

    const result = outcome.result as FetchStoriesResult;
    expect(result.stories.length + result.skipped.length).toBe(10);
    expect(result.stories.map((s) => s.id)).toContain(flaky);
    expect(attempts).toBe(2);
    const byItem = api.stats().byItem;
    // Two requests in attempt 1 (in-activity retry), one in attempt 2; every other item once.
    expect(byItem).toEqual(Object.fromEntries(ids.map((id) => [id, id === flaky ? 3 : 1])));
    expect(outcome.endedAtMs - outcome.startedAtMs).toBeGreaterThanOrEqual(5 * MINUTE);
  });

  it('an attempt timed out mid-chunk: the retry resumes from its last heartbeat', async () => {
    const ids = chunk();
    const stuck = ids[4]!;
    // The item hangs longer than the attempt may run; with one request at a time, the items
    // after it are never reached by attempt 1, and its heartbeats are all the server has.
    api.setFaults({ itemFaults: { [stuck]: 'hang' } });
    const { outcome, attempts } = await withWorker({}, async (start) => {
      const handle = await start({
        activity: 'fetchStories',
        input: { ids, concurrency: 1 },
        retry: { initialInterval: '5 minutes', maximumAttempts: 3 },
        startToCloseTimeout: SECOND,
      });
      const pending = await pendingAttempt(handle, 2);
      expect(pending.lastFailure?.timeoutFailureInfo).toBeTruthy();
      api.setFaults({ itemFaults: {} });
      return { outcome: await handle.result(), attempts: await attemptsOf(handle) };
    });

    const result = outcome.result as FetchStoriesResult;
    expect(result.stories.length + result.skipped.length).toBe(10);
    expect(attempts).toBe(2);
    const byItem = api.stats().byItem;
    expect(byItem).toEqual(Object.fromEntries(ids.map((id) => [id, id === stuck ? 2 : 1])));
  });

  it('an item that never recovers: each retry asks for it alone, and the rest is kept', async () => {
    const ids = chunk();
    const broken = ids[7]!;
    api.setFaults({ itemFaults: { [broken]: 'error' } });
    const { outcome, attempts } = await execute(
      {
        activity: 'fetchStories',
        input: { ids, concurrency: 3 },
        retry: { initialInterval: '1 minute', maximumAttempts: 4 },
        startToCloseTimeout: MINUTE,
        heartbeatTimeout: 10 * SECOND,
      },
      { itemRetry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 50 } },
    );

    expect(outcome.failure).toMatchObject({
      type: FAILURE_TYPES.incompleteBatch,
      retryState: 'MAXIMUM_ATTEMPTS_REACHED',
    });
    const [details] = outcome.failure!.details as [IncompleteBatchDetails];
    expect(details.failedIds).toEqual([broken]);
    expect(details.partial.stories.length + details.partial.skipped.length).toBe(9);
    expect(attempts).toBe(4);
    const byItem = api.stats().byItem;
    // 4 attempts x 2 in-activity requests for the broken item; one request for every other.
    expect(byItem).toEqual(Object.fromEntries(ids.map((id) => [id, id === broken ? 8 : 1])));
  });
});

/** A run of three stories, one skipped item and two words. */
function sampleRun(): RunRecord {
  const story = (id: number) => ({
    id,
    title: `Story ${id}`,
    by: `user${id}`,
    url: `https://example.com/${id}`,
    score: id,
    time: 1_700_000_000 + id,
    comments: 0,
    type: 'story' as const,
  });
  return {
    runId: 'run-locked',
    workflowId: 'hn-locked',
    list: 'top',
    startedAt: '2025-01-01T10:00:00.000Z',
    finishedAt: '2025-01-01T10:00:05.000Z',
    stories: [story(1), story(2), story(3)],
    skipped: [{ id: 4, reason: 'deleted' }],
    topWords: [
      { word: 'rust', count: 2 },
      { word: 'sqlite', count: 1 },
    ],
  };
}
