// `start` with no worker on the task queue, on the dev server (the time-skipping test server does
// not implement DescribeTaskQueue, which tells whether a worker polls).
import { type CliContext } from '@hn/runtime/cli';
import { createLocalEnv, waitFor } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../src/cli/program';
import { COMMANDS } from '../src/commands';
import { StatusLine, type TerminalStream } from '@hn/runtime';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createLocalEnv();
});

afterAll(async () => {
  await env?.teardown();
});

describe('start with no worker polling the task queue', () => {
  it('prints how to start one and keeps waiting for the run', async () => {
    const chunks: string[] = [];
    const stderr: TerminalStream = { isTTY: true, columns: 100, write: (t) => chunks.push(t) };
    const ctx: CliContext = {
      stdout: { write: () => true },
      stderr,
      status: new StatusLine(stderr),
      connect: () => Promise.resolve({ client: env.client, close: () => Promise.resolve() }),
      noWorkerHintMs: 300,
    };
    const started = Date.now();
    const run = runCli(
      ['start', '--task-queue', 'no-such-queue', '--id', 'waits-for-a-worker'],
      ctx,
      COMMANDS,
    );
    const hint = await waitFor('the hint', () =>
      Promise.resolve(chunks.find((chunk) => chunk.startsWith('warning:'))),
    );
    expect(hint).toBe(
      [
        "warning: no worker polls task queue 'no-such-queue' in namespace 'default'; the run waits for one.",
        "  Start the worker: 'pnpm --filter worker start' (with the same TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE).",
        "  Or check --task-queue (the worker polls 'hackernews-task-queue' unless HN_TASK_QUEUE says otherwise) and the namespace.",
        '  Ctrl-C stops waiting here; the run stays queued until a worker takes it or you terminate it:',
        '  temporal workflow terminate --workflow-id waits-for-a-worker --namespace default',
        '',
      ].join('\n'),
    );
    // The progress line was cleared before the hint.
    expect(chunks[chunks.indexOf(hint) - 1]).toBe('\r\x1b[2K');

    // Still waiting: the run is open on the server and the command has not returned.
    const handle = env.client.workflow.getHandle('waits-for-a-worker');
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate('test over');
    expect(await run).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const error = chunks.find((chunk) => chunk.startsWith('error:'));
    expect(error).toMatch(
      /^error: The run waits-for-a-worker \(run id [\w-]+\) failed\.\n {2}caused by TerminatedFailure: test over\n$/,
    );
  });
});
