// The worker as the app builds it (`createPipelineWorker`: its configuration parsed from an
// environment, its activities on its own Hacker News client and SQLite store, the prebuilt
// workflow bundle `pnpm --filter worker build` writes) on the time-skipping test server, against
// the fake Hacker News API as a real HTTP server. An outage of the API lasts minutes of workflow
// time, which the server skips: the run's retries back off through it in real seconds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { createTimeSkippingEnv } from '@hn/testing';
import { HackerNewsWorkflow, type HackerNewsReport } from '@hn/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';
import { createPipelineWorker } from '../src/create-worker';
import { assertBuilt } from './worker-process';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;

beforeAll(async () => {
  assertBuilt();
  [env, api] = await Promise.all([createTimeSkippingEnv(), startFakeHackerNewsApi({ seed: 1 })]);
});
afterAll(async () => {
  await api?.close();
  await env?.teardown();
});

describe('the worker app on the time-skipping server', () => {
  it('rides out a 5-minute API outage with retry "forever" and stores exactly the 10 top stories', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'hn-worker-ts-')), 'hn.db');
    const config = parseConfig({
      HN_TASK_QUEUE: 'time-skipping-outage',
      HN_API_URL: api.baseUrl,
      HN_DESTINATION: `sqlite:${database}`,
      HN_METRICS_ADDRESS: 'off',
    });
    const app = await createPipelineWorker(config, env.nativeConnection, 'default');
    expect(app.source.kind).toBe('bundle');

    api.setFaults({ down: true });
    const realStart = Date.now();
    const { report, attempts, elapsedMs, downAnswers } = await app.worker
      .runUntil(async () => {
        const handle = await env.client.workflow.start(HackerNewsWorkflow, {
          taskQueue: config.taskQueue,
          workflowId: 'outage-5-minutes',
          args: [{ limit: 10, retry: 'forever', output: 'report' }],
        });
        // Five minutes of workflow time pass while every request is answered 503.
        await env.sleep('5 minutes');
        const downAnswers = api.stats().faults.down;
        api.setFaults({ down: false });
        const report = (await handle.result()) as HackerNewsReport;
        // The run's own clock: once it has closed, the server's may have skipped further.
        const { startTime, closeTime } = await handle.describe();
        const elapsedMs = closeTime!.getTime() - startTime.getTime();
        const { events } = await handle.fetchHistory();
        // One ActivityTaskScheduled and one ActivityTaskStarted (with its last attempt) each.
        const types = (events ?? []).flatMap(
          (event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
        );
        const attempts = (events ?? [])
          .flatMap((event) => event.activityTaskStartedEventAttributes ?? [])
          .map((started, i) => [types[i], started.attempt]);
        return { report, attempts, elapsedMs, downAnswers };
      })
      .finally(() => app.close());

    // fetchStoryIds under the tutorial's policy (1 s doubling to 100 s) failed at 0, 1, 3, 7, 15,
    // 31, 63, 127 and 227 s, and its tenth attempt, at 327 s, was the first after the outage.
    expect(downAnswers).toBe(9);
    expect(api.stats().faults.down).toBe(9);
    expect(api.stats().byList.top).toBe(10);
    expect(attempts).toEqual([
      ['fetchStoryIds', 10],
      ['fetchStories', 1],
      ['extractTopWords', 1],
      ['storeRun', 1],
    ]);
    expect(elapsedMs).toBeGreaterThanOrEqual(327 * SECOND);
    expect(elapsedMs).toBeLessThan(6 * MINUTE);
    expect(Date.now() - realStart).toBeLessThan(MINUTE);

    expect(report.stories.map((story) => story.id)).toEqual(api.dataset.lists.top.slice(0, 10));
    expect(report.skipped).toEqual([]);
    expect(report.stored).toBe(true);
    const store = await createStore({ kind: 'sqlite', filename: database });
    try {
      expect(await store.countRows()).toEqual({
        stories: 10,
        runs: 1,
        run_stories: 10,
        run_skipped: 0,
        word_counts: report.topWords.length,
        items: 0,
        ingest_partitions: 0,
        follow_cursors: 0,
      });
      expect(report.topWords).toHaveLength(10);
    } finally {
      await store.close();
    }
  });
});
