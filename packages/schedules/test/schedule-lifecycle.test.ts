import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { bundleWorkflowsOnce, createLocalEnv, waitFor } from '@hn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_QUEUE } from '@hn/contract';
import {
  backfillSchedule,
  deleteSchedule,
  describeSchedule,
  ensureSchedule,
  listSchedules,
  pauseSchedule,
  ScheduleNotFoundError,
  ScheduleValidationError,
  toScheduleView,
  triggerSchedule,
  unpauseSchedule,
  updateSchedule,
} from '../src';
import type { FixtureResult, HackerNewsWorkflow } from './fixtures/workflows';

const workflowsPath = fileURLToPath(new URL('./fixtures/workflows.ts', import.meta.url));
type Env = Awaited<ReturnType<typeof createLocalEnv>>;

describe('schedule lifecycle on a dev server', () => {
  let env: Env;
  let client: Client;
  let worker: Worker;
  let workerRun: Promise<void>;
  const scheduleId = 'hackernews-schedule';

  beforeAll(async () => {
    env = await createLocalEnv();
    client = env.client;
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue: TASK_QUEUE,
      workflowBundle: await bundleWorkflowsOnce(workflowsPath),
    });
    workerRun = worker.run();
  });

  afterAll(async () => {
    if (worker) {
      worker.shutdown();
      await workerRun;
    }
    await env?.teardown();
  });

  /** Result of the n-th most recent run the schedule started (0 = latest). */
  async function resultOfRecentRun(count: number): Promise<FixtureResult> {
    const description = await waitFor(`${count} runs`, async () => {
      const d = await describeSchedule(client, { scheduleId });
      return d.info.recentActions.length >= count ? d : undefined;
    });
    const { workflow } = description.info.recentActions[count - 1]!.action;
    return client.workflow
      .getHandle(workflow.workflowId, workflow.firstExecutionRunId)
      .result() as Promise<FixtureResult>;
  }

  it('creates the schedule with the hourly pipeline defaults', async () => {
    await expect(
      ensureSchedule<typeof HackerNewsWorkflow>(client, { args: [{ limit: 5 }] }),
    ).resolves.toEqual({ scheduleId, created: true });

    const view = toScheduleView(await describeSchedule(client));
    expect(view).toMatchObject({
      scheduleId,
      paused: false,
      note: 'Hacker News pipeline (every 1h).',
      spec: { text: 'every 1h', everyMs: 3_600_000 },
      policies: { overlap: 'SKIP', catchupWindowMs: 600_000, pauseOnFailure: false },
      action: {
        workflowType: 'HackerNewsWorkflow',
        taskQueue: 'hackernews-task-queue',
        workflowId: 'hackernews-workflow',
        args: [{ limit: 5 }],
      },
      numActionsTaken: 0,
    });
    expect(view.nextActionTimes.length).toBeGreaterThan(0);
  });

  it('ensures idempotently: a second call updates the one schedule to the latest settings', async () => {
    await expect(
      ensureSchedule(client, { every: '30m', jitter: '1m', args: [{ limit: 7 }], note: 'v2' }),
    ).resolves.toEqual({ scheduleId, created: false });

    const view = toScheduleView(await describeSchedule(client));
    expect(view.spec).toMatchObject({ everyMs: 1_800_000, jitterMs: 60_000 });
    expect(view.action.args).toEqual([{ limit: 7 }]);
    expect(view.note).toBe('v2');
  });

  it('lets exactly one of two concurrent ensures create the schedule', async () => {
    const id = 'race-schedule';
    const results = await Promise.all([
      ensureSchedule(client, { scheduleId: id, every: '1h', note: 'first' }),
      ensureSchedule(client, { scheduleId: id, every: '1h', note: 'second' }),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    await deleteSchedule(client, { scheduleId: id });
  });

  it('triggers runs that complete on a worker, each seeing the previous result', async () => {
    await triggerSchedule(client);
    const first = await resultOfRecentRun(1);
    expect(first).toMatchObject({
      run: 1,
      storyIds: [1, 2],
      newStoryIds: null,
      input: { limit: 7 },
    });

    await triggerSchedule(client);
    const second = await resultOfRecentRun(2);
    expect(second).toMatchObject({ run: 2, storyIds: [2, 3], newStoryIds: [3] });
  });

  it('pauses with a reason and unpauses, keeping the schedule note', async () => {
    await pauseSchedule(client, { note: 'maintenance' });
    let view = toScheduleView(await describeSchedule(client));
    expect(view).toMatchObject({ paused: true, note: 'v2', pauseNote: 'maintenance' });

    // A paused schedule stays paused, with its reason, when a deployment ensures it again.
    await ensureSchedule(client, { every: '30m', args: [{ limit: 7 }], note: 'v3' });
    view = toScheduleView(await describeSchedule(client));
    expect(view).toMatchObject({ paused: true, note: 'v3', pauseNote: 'maintenance' });

    await unpauseSchedule(client);
    view = toScheduleView(await describeSchedule(client));
    expect(view).toMatchObject({ paused: false, note: 'v3' });
    expect(view.pauseNote).toBeUndefined();
  });

  it('unpauses a schedule paused elsewhere, giving it the default note of its timing', async () => {
    // What the Web UI and `temporal schedule toggle --pause --reason` do: replace the note.
    await client.schedule.getHandle(scheduleId).pause('paused from the Web UI');
    expect(toScheduleView(await describeSchedule(client))).toMatchObject({
      paused: true,
      pauseNote: 'paused from the Web UI',
    });
    await unpauseSchedule(client);
    expect((await describeSchedule(client)).state).toMatchObject({
      paused: false,
      note: 'Hacker News pipeline (every 30m).',
    });
    await updateSchedule(client, { note: 'v3' });
  });

  it('backfills a past period: the missed runs start and complete', async () => {
    const before = (await describeSchedule(client)).info.numActionsTaken;
    const end = new Date(Math.floor(Date.now() / 1_800_000) * 1_800_000 - 60_000);
    const start = new Date(end.getTime() - 90 * 60_000);
    await expect(backfillSchedule(client, { start, end })).resolves.toEqual({
      scheduleId: 'hackernews-schedule',
      start,
      end,
      runs: 3,
      overlap: 'BUFFER_ALL',
    });

    // Three 30-minute slots in 90 minutes, run one after the other (BUFFER_ALL).
    const description = await waitFor('backfilled runs', async () => {
      const d = await describeSchedule(client);
      return d.info.numActionsTaken >= before + 3 && d.info.runningActions.length === 0
        ? d
        : undefined;
    });
    const backfilled = description.info.recentActions.filter((a) => a.scheduledAt <= end);
    // The slots at 90, 60 and 30 minutes before the half hour that ends the period; the server
    // names each run after its slot.
    const slots = [90, 60, 30].map((minutes) =>
      new Date(end.getTime() + 60_000 - minutes * 60_000).toISOString().replace('.000Z', 'Z'),
    );
    expect(backfilled.map((a) => a.action.workflow.workflowId)).toEqual(
      slots.map((slot) => `hackernews-workflow-${slot}`),
    );
  });

  it('refuses a backfill of more runs than the limit, or into the future, sending nothing', async () => {
    const before = (await describeSchedule(client)).info.numActionsTaken;
    // Ten years of a 30-minute schedule: 175,345 runs.
    const tenYears = { start: '2015-01-01T00:00:00Z', end: '2025-01-01T00:00:00Z' };
    const error = await backfillSchedule(client, tenYears).then(
      () => undefined,
      (e: unknown) => e as ScheduleValidationError,
    );
    expect(error).toMatchObject({ code: 'BACKFILL_TOO_LARGE', field: 'end' });
    expect(error?.message).toBe(
      "Backfilling schedule 'hackernews-schedule' (every 30m) from 2015-01-01T00:00:00.000Z to " +
        '2025-01-01T00:00:00.000Z would start 175,345 runs, more than the limit of 1,000 per backfill. ' +
        'Split the period into backfills of about 20d19h59m49s each (the first: start 2015-01-01T00:00:00.000Z, ' +
        "end 2015-01-21T19:59:49.000Z), or raise the limit with maxRuns (the starter's --max-runs) if you mean to start them all.",
    );
    // Raising the limit lets the same check pass; the period of a day is 49 runs.
    await expect(
      backfillSchedule(client, {
        start: '2015-01-01T00:00:00Z',
        end: '2015-01-02T00:00:00Z',
        maxRuns: 48,
      }),
    ).rejects.toMatchObject({ code: 'BACKFILL_TOO_LARGE' });

    const future = new Date(Date.now() + 3_600_000);
    await expect(
      backfillSchedule(client, { start: new Date(Date.now() - 3_600_000), end: future }),
    ).rejects.toMatchObject({ code: 'INVALID_BACKFILL_RANGE' });
    expect((await describeSchedule(client)).info.numActionsTaken).toBe(before);
  });

  it('updates only the settings given, visible in describe', async () => {
    await updateSchedule<typeof HackerNewsWorkflow>(client, {
      every: '15m',
      jitter: '30s',
      timezone: 'Europe/Paris',
      overlap: 'BUFFER_ONE',
      catchupWindow: '5m',
      pauseOnFailure: true,
      args: ([input]) => [{ ...(input as object), list: 'new' }],
    });
    let view = toScheduleView(await describeSchedule(client));
    expect(view).toMatchObject({
      spec: { everyMs: 900_000, jitterMs: 30_000, timezone: 'Europe/Paris' },
      policies: { overlap: 'BUFFER_ONE', catchupWindowMs: 300_000, pauseOnFailure: true },
      note: 'v3',
    });
    // The input as a whole: only `list` was added to what the schedule started with.
    expect(view.action.args).toEqual([{ limit: 7, list: 'new' }]);

    await updateSchedule(client, { cron: '0 * * * *', jitter: '0s' });
    view = toScheduleView(await describeSchedule(client));
    expect(view.spec.text).toBe('cron 0 * * * *, in Europe/Paris');
    expect(view.spec.everyMs).toBeUndefined();
    expect(view.policies.overlap).toBe('BUFFER_ONE');

    await updateSchedule(client, { every: '10m', jitter: '0s' });
    await expect(updateSchedule(client, { jitter: '11m' })).rejects.toMatchObject({
      code: 'JITTER_TOO_LARGE',
      field: 'jitter',
      message:
        'Jitter 11m is larger than the interval (600000 ms): runs would drift into the next slot. Use a jitter below the interval.',
    });
    expect(toScheduleView(await describeSchedule(client)).spec.everyMs).toBe(600_000);
  });

  it('lists the schedule (eventually)', async () => {
    const listed = await waitFor('the schedule in the list', async () => {
      const schedules = await listSchedules(client, { limit: 10 });
      return schedules.find((s) => s.scheduleId === scheduleId);
    });
    expect(listed.action?.workflowType).toBe('HackerNewsWorkflow');
    await expect(listSchedules(client, { limit: 1 })).resolves.toHaveLength(1);
  });

  it('deletes the schedule', async () => {
    await deleteSchedule(client);
    await expect(describeSchedule(client)).rejects.toBeInstanceOf(ScheduleNotFoundError);
    await waitFor('the schedule to leave the list', async () => {
      const schedules = await listSchedules(client);
      return schedules.some((s) => s.scheduleId === scheduleId) ? undefined : true;
    });
  });

  it('reports a schedule that does not exist, saying how to create it', async () => {
    const ref = { scheduleId: 'no-such-schedule' };
    const calls = [
      () => describeSchedule(client, ref),
      () => pauseSchedule(client, ref),
      () => unpauseSchedule(client, ref),
      () => triggerSchedule(client, ref),
      () => triggerSchedule(client, { ...ref, overlap: 'ALLOW_ALL' }),
      () => backfillSchedule(client, { ...ref, start: new Date(0), end: new Date(3_600_000) }),
      () => updateSchedule(client, { ...ref, every: '1h' }),
      () => deleteSchedule(client, ref),
    ];
    for (const call of calls) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ScheduleNotFoundError);
      expect(error).toMatchObject({ code: 'SCHEDULE_NOT_FOUND', scheduleId: 'no-such-schedule' });
      expect((error as Error).message).toBe(
        "Schedule 'no-such-schedule' does not exist: create it first (ensureSchedule, ensureIngestSchedule), " +
          'and check the namespace the client is connected to.',
      );
    }
  });

  it('rejects invalid options before calling the server', async () => {
    await expect(ensureSchedule(client, { cron: '0 * *' })).rejects.toBeInstanceOf(
      ScheduleValidationError,
    );
    await expect(describeSchedule(client)).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});
