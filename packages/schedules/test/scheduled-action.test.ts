import { createActivities, createHackerNewsClient } from '@hn/activities';
import {
  FAILURE_TYPES,
  isHackerNewsReport,
  TASK_QUEUE,
  WORKFLOW_TYPE,
  type HackerNewsReport,
} from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { bundleWorkflowsOnce, createTimeSkippingEnv } from '@hn/testing';
import type { HackerNewsWorkflow } from '@hn/workflows';
import { workflowsPath } from '@hn/workflows/worker';
import {
  defaultPayloadConverter,
  type WorkflowHandle,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildScheduleOptions, type BuiltScheduleOptions } from '../src';

// What a schedule built by this package starts, run on the time-skipping test server by a real
// worker: the real HackerNewsWorkflow and activities, against the fake Hacker News API.
//
// Schedules proper stay on the dev server (test/schedule-lifecycle.test.ts): the time-skipping
// server implements no Schedule API at all (no create, describe, trigger or backfill), so it
// cannot replace a server that runs them. What it can run is the schedule's action: the same
// workflow type, arguments, task queue and start options, started here by the client; and, with
// `cronSchedule` on that start, a chain of runs in which each run sees the previous run's result
// as `lastResult`, which is how a scheduled run computes `newStoryIds`. Time skipping takes the
// chain from one hourly run to the next in real milliseconds.

const HOUR = 3_600_000;
type Env = Awaited<ReturnType<typeof createTimeSkippingEnv>>;
type Built = BuiltScheduleOptions<typeof HackerNewsWorkflow>;

let env: Env;
let api: FakeHackerNewsApi;
let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  [env, api, workflowBundle] = await Promise.all([
    createTimeSkippingEnv(),
    startFakeHackerNewsApi({ seed: 1 }),
    bundleWorkflowsOnce(workflowsPath()),
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

/** Runs `fn` while a worker of the real pipeline polls the schedule's task queue. */
async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const client = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 2_000 });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle,
    activities: createActivities({ client }),
    // Each run of a cron chain here gets a worker of its own. Without a workflow cache, every
    // workflow task goes to the task queue itself: the test server hands a continued run's
    // alsoMissing tasks to the sticky queue of the worker that ran the previous run, which is missing.
    maxCachedWorkflows: 0,
  });
  try {
    return await worker.runUntil(fn());
  } finally {
    await client.close();
  }
}

/**
 * The client's start options for the schedule's action: everything the action carries, as it
 * carries it. With a cron schedule, Temporal applies `workflowExecutionTimeout` to the whole
 * chain of runs, so the equivalent of a scheduled run's execution timeout is the run timeout.
 */
function startOptionsOf(
  action: Built['action'],
  extra: { workflowId: string; cronSchedule?: string },
): WorkflowStartOptions<typeof HackerNewsWorkflow> {
  const { type: _type, workflowType: _workflowType, workflowId: _workflowId, ...rest } = action;
  const options = { ...rest, workflowId: extra.workflowId } as WorkflowStartOptions<
    typeof HackerNewsWorkflow
  >;
  if (extra.cronSchedule !== undefined) {
    options.cronSchedule = extra.cronSchedule;
    // The SDK's `Duration` reaches the linter unresolved (its `ms` types), hence the disable.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
    options.workflowRunTimeout = rest.workflowRunTimeout ?? rest.workflowExecutionTimeout;
    delete options.workflowExecutionTimeout;
    if (options.workflowRunTimeout === undefined) delete options.workflowRunTimeout;
  }
  return options;
}

function workflowTypeOf(action: Built['action']): string {
  return typeof action.workflowType === 'string' ? action.workflowType : action.workflowType.name;
}

/** How one run of a cron chain closed: its report, or the type of the failure that ended it. */
interface CronRunOutcome {
  report?: HackerNewsReport;
  failureType?: string | null;
}

/**
 * Awaits one run of a cron chain (skipping time to it) and reads how it closed from its history.
 * The test server closes each cron run as continued-as-new, carrying the run's result (or the
 * last successful one, with the run's failure) to the next run; the client's `result()` rejects
 * on that, so the outcome is read from the closing event.
 */
async function cronRunOutcome(handle: WorkflowHandle): Promise<CronRunOutcome> {
  await handle.result().catch(() => undefined);
  const { events } = await handle.fetchHistory();
  const closing = events?.at(-1);
  const next = closing?.workflowExecutionContinuedAsNewEventAttributes;
  const failure = next?.failure ?? closing?.workflowExecutionFailedEventAttributes?.failure;
  if (failure) return { failureType: failure.cause?.applicationFailureInfo?.type };
  const [payload] =
    next?.lastCompletionResult?.payloads ??
    closing?.workflowExecutionCompletedEventAttributes?.result?.payloads ??
    [];
  const value = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
  if (!isHackerNewsReport(value))
    throw new Error(`run ${handle.workflowId} closed without a report`);
  return { report: value };
}

describe("a schedule's action, run on the time-skipping server", () => {
  it('starts the real pipeline with the arguments the schedule was given', async () => {
    const built = buildScheduleOptions<typeof HackerNewsWorkflow>({
      args: [{ limit: 7, list: 'best', output: 'report' }],
    });
    const { action } = built;
    expect(workflowTypeOf(action)).toBe(WORKFLOW_TYPE);
    expect(action.taskQueue).toBe(TASK_QUEUE);

    // A schedule appends the scheduled time to the workflow id of each run.
    const workflowId = `${action.workflowId}-2025-01-01T10:00:00Z`;
    const { report, description } = await withWorker(async () => {
      const handle = await env.client.workflow.start(
        workflowTypeOf(action),
        startOptionsOf(action, { workflowId }),
      );
      const result = (await handle.result()) as HackerNewsReport;
      return { report: result, description: await handle.describe() };
    });

    expect(description.type).toBe(WORKFLOW_TYPE);
    expect(description.taskQueue).toBe(TASK_QUEUE);
    expect(report.list).toBe('best');
    expect(report.stories.map((s) => s.id)).toEqual(api.dataset.lists.best.slice(0, 7));
    expect(report.skipped).toEqual([]);
    // Started outside a schedule's chain, a run has no previous result to compare with.
    expect(report.newStoryIds).toBeNull();
    expect(api.stats().byList.best).toBe(1);
  });

  it('as an hourly cron chain: each run reports the stories new since the last successful run', async () => {
    const built = buildScheduleOptions<typeof HackerNewsWorkflow>({
      cron: '0 * * * *',
      workflowId: 'hackernews-cron',
      args: [{ limit: 10, output: 'report' }],
    });
    const { action, spec, policies } = built;
    const [cronSchedule] = spec.cronExpressions ?? [];
    expect(cronSchedule).toBe('0 * * * *');
    // A cron chain keeps going after a failed run: the equivalent of pauseOnFailure: false.
    expect(policies?.pauseOnFailure).toBe(false);

    const top = api.dataset.lists.top.slice(0, 10);
    const [missing, alsoMissing] = [top[3]!, top[8]!];
    const workflowId = action.workflowId!;
    const handle = await env.client.workflow.start(
      workflowTypeOf(action),
      startOptionsOf(action, { workflowId, cronSchedule }),
    );
    // The run that is due next: the chain's latest run, after the previous one has closed.
    const nextRun = async () => {
      const { runId, executionTime } = await env.client.workflow.getHandle(workflowId).describe();
      return {
        executionTime: executionTime!.getTime(),
        handle: env.client.workflow.getHandle(workflowId, runId, { followRuns: false }),
      };
    };

    // Between two runs no worker polls, so each run meets the API exactly as set up for it.
    // Run 1: two of the top ten answer 404 and are skipped.
    api.setFaults({ itemFaults: { [missing]: 'not-found', [alsoMissing]: 'not-found' } });
    const run1 = await nextRun();
    const first = await withWorker(() => cronRunOutcome(run1.handle));
    // Run 2: the list itself answers 404, so the run fails.
    api.setFaults({ itemFaults: {}, notFoundLists: ['top'] });
    const run2 = await nextRun();
    const second = await withWorker(() => cronRunOutcome(run2.handle));
    // Run 3: the API is healthy again.
    api.resetFaults();
    const run3 = await nextRun();
    const third = await withWorker(() => cronRunOutcome(run3.handle));
    await handle.terminate('the test is done with the chain');

    expect(first.report?.stories.map((s) => s.id)).toEqual(
      top.filter((id) => id !== missing && id !== alsoMissing),
    );
    expect(first.report?.skipped).toEqual([
      expect.objectContaining({ id: missing, reason: 'not-found' }),
      expect.objectContaining({ id: alsoMissing, reason: 'not-found' }),
    ]);
    expect(first.report?.newStoryIds).toBeNull();

    expect(second).toEqual({ failureType: FAILURE_TYPES.notFound });

    // Compared with run 1, the last run that succeeded, not with the failed run 2.
    expect(third.report?.stories.map((s) => s.id)).toEqual(top);
    expect(third.report?.newStoryIds).toEqual([missing, alsoMissing]);

    // One run per hour, on the hour (to the test server's millisecond noise), in skipped time.
    expect(run1.executionTime % HOUR).toBeLessThan(1_000);
    expect(Math.abs(run2.executionTime - run1.executionTime - HOUR)).toBeLessThan(1_000);
    expect(Math.abs(run3.executionTime - run2.executionTime - HOUR)).toBeLessThan(1_000);
  });
});
