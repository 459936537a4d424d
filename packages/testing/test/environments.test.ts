import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflowsOnce, createLocalEnv, createTimeSkippingEnv, waitFor } from '../src';

const workflowsPath = fileURLToPath(new URL('./fixtures/workflows.ts', import.meta.url));
const activities = { greet: (name: string) => Promise.resolve(`hello, ${name}`) };

/** Runs the smoke workflow; returns its result and how long its timer took on the server. */
async function runSmoke(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  pause: string,
): Promise<{ result: string; timerMs: number }> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await bundleWorkflowsOnce(workflowsPath),
    activities,
  });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start<
      (name: string, pause: string) => Promise<string>
    >('smokeWorkflow', { taskQueue, workflowId: `smoke-${taskQueue}`, args: ['temporal', pause] });
    const result = await handle.result();
    const { events } = await handle.fetchHistory();
    const timeOf = (pick: (event: NonNullable<typeof events>[number]) => unknown): number => {
      const time = events?.find(pick)?.eventTime;
      return time ? Number(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6) : NaN;
    };
    const timerMs =
      timeOf((e) => e.timerFiredEventAttributes) - timeOf((e) => e.timerStartedEventAttributes);
    return { result, timerMs };
  });
}

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow to completion, skipping its hour-long timer', async () => {
    const realStart = Date.now();
    const { result, timerMs } = await runSmoke(env, 'smoke-time-skipping', '1 hour');
    const realMs = Date.now() - realStart;
    expect(result).toBe('hello, temporal');
    // On the server's clock the timer took its hour; the whole run took a fraction of that.
    expect(timerMs).toBeGreaterThanOrEqual(3_600_000);
    expect(timerMs).toBeLessThan(3_600_000 + realMs);
    expect(realMs).toBeLessThan(timerMs / 100);
    expect(env.supportsTimeSkipping).toBe(true);
  });
});

describe('dev server (Temporal CLI)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createLocalEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow to completion and lists it through visibility', async () => {
    const taskQueue = 'smoke-dev-server';
    const handle = env.client.workflow;
    const run = runSmoke(env, taskQueue, '10 milliseconds');
    await waitFor('the run in the visibility list', async () => {
      for await (const _ of handle.list({ query: `WorkflowId = 'smoke-${taskQueue}'` }))
        return true;
      return false;
    });
    expect(env.supportsTimeSkipping).toBe(false);
    await expect(run).resolves.toMatchObject({ result: 'hello, temporal' });
  });
});
