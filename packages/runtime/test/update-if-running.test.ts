import { fileURLToPath } from 'node:url';
import { createLocalEnv } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateIfRunning } from '../src/client';
import { stopUpdate, stoppable } from './workflows';

const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

describe('updateIfRunning', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createLocalEnv();
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('updates a running workflow, and sends nothing to one never started or closed', async () => {
    const taskQueue = 'update-if-running';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowsPath,
    });
    await worker.runUntil(async () => {
      expect(await updateIfRunning(env.client, 'never-started', stopUpdate)).toBeUndefined();
      const handle = await env.client.workflow.start(stoppable, {
        taskQueue,
        workflowId: 'stoppable-1',
      });
      expect(await updateIfRunning(env.client, handle.workflowId, stopUpdate)).toBe('stopped');
      expect(await handle.result()).toBe('done');
      expect(await updateIfRunning(env.client, handle.workflowId, stopUpdate)).toBeUndefined();
    });
  }, 120_000);
});
