import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflowsOnce, createLocalEnv, createTimeSkippingEnv, waitFor } from '../src';

const workflowsPath = fileURLToPath(new URL('./fixtures/workflows.ts', import.meta.url));
const activities = { greet: (name: string) => Promise.resolve(`hello, ${name}`) };

async function runSmoke(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  pause: string,
): Promise<string> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await bundleWorkflowsOnce(workflowsPath),
    activities,
  });
  return worker.runUntil(
    env.client.workflow.execute<(name: string, pause: string) => Promise<string>>('smokeWorkflow', {
      taskQueue,
      workflowId: `smoke-${taskQueue}`,
      args: ['temporal', pause],
    }),
  );
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
    const started = Date.now();
    await expect(runSmoke(env, 'smoke-time-skipping', '1 hour')).resolves.toBe('hello, temporal');
    expect(Date.now() - started).toBeLessThan(60_000);
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
    const result = runSmoke(env, taskQueue, '10 milliseconds');
    await waitFor('the run in the visibility list', async () => {
      for await (const _ of handle.list({ query: `WorkflowId = 'smoke-${taskQueue}'` }))
        return true;
      return false;
    });
    expect(env.supportsTimeSkipping).toBe(false);
    await expect(result).resolves.toBe('hello, temporal');
  });
});
