import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { bundleWorkflowsOnce, createLocalEnv, waitFor } from '@hn/testing';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsWorkflow, type HackerNewsInput, type HackerNewsReport } from '../src';
import { workflowsPath } from '../src/worker';

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;

beforeAll(async () => {
  [env, api] = await Promise.all([createLocalEnv(), startFakeHackerNewsApi({ seed: 1 })]);
});
afterAll(async () => {
  await api?.close();
  await env?.teardown();
});

describe('scheduled runs', () => {
  it("report the stories that are new since the previous run's result", async () => {
    const taskQueue = 'hn-schedule';
    const client = createHackerNewsClient({ baseUrl: api.baseUrl });
    const store = await createStore({
      kind: 'sqlite',
      filename: join(mkdtempSync(join(tmpdir(), 'hn-sched-')), 'hn.db'),
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsOnce(workflowsPath()),
      activities: createActivities({ client, store }),
    });
    const scheduleInput = (limit: number): HackerNewsInput => ({ limit, output: 'report' });

    const reports = await worker.runUntil(async () => {
      const schedule = await env.client.schedule.create({
        scheduleId: 'new-since-last-run',
        spec: { intervals: [{ every: '1 hour' }] },
        action: {
          type: 'startWorkflow',
          workflowType: HackerNewsWorkflow,
          taskQueue,
          args: [scheduleInput(5)],
        },
      });
      const completed = async (count: number) =>
        waitFor(`${count} completed scheduled runs`, async () => {
          const { recentActions: runs, runningActions } = (await schedule.describe()).info;
          return runs.length >= count &&
            runningActions.length === 0 &&
            (await Promise.all(runs.map((r) => statusOf(r.action.workflow.workflowId)))).every(
              (s) => s === 'COMPLETED',
            )
            ? runs
            : undefined;
        });
      const statusOf = async (workflowId: string) =>
        (await env.client.workflow.getHandle(workflowId).describe()).status.name;

      // A trigger with ALLOW_ALL (the SDK's default for trigger) is not tracked by the schedule,
      // so its result would not become the next run's lastResult.
      await schedule.trigger(ScheduleOverlapPolicy.SKIP);
      await completed(1);
      await schedule.update((previous) => ({
        ...previous,
        action: { ...previous.action, args: [scheduleInput(8)] },
      }));
      await schedule.trigger(ScheduleOverlapPolicy.SKIP);
      const runs = await completed(2);
      await schedule.delete();
      return Promise.all(
        runs.map(
          (run) =>
            env.client.workflow
              .getHandle(run.action.workflow.workflowId, run.action.workflow.firstExecutionRunId)
              .result() as Promise<HackerNewsReport>,
        ),
      );
    });
    await client.close();
    await store.close();

    const [first, second] = reports as [HackerNewsReport, HackerNewsReport];
    const top = api.dataset.lists.top;
    expect(first.stories.map((s) => s.id)).toEqual(top.slice(0, 5));
    expect(first.newStoryIds).toBeNull();
    expect(second.stories.map((s) => s.id)).toEqual(top.slice(0, 8));
    expect(second.newStoryIds).toEqual(top.slice(5, 8));
  });
});
