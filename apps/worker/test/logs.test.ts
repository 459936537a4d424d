// What the worker process writes: JSON lines only (its own, the SDK's and Core's), errors with
// their type, code and causes, no credentials, no raw control characters in pretty output.
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createLocalEnv, type ManagedProcess } from '@hn/testing';
import { TASK_QUEUE } from '@hn/contract';
import { HackerNewsWorkflow, type HackerNewsReport } from '@hn/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from './worker-process';

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let credentialedUrl: string;
const workers: ManagedProcess[] = [];
let runs = 0;

const SECRET = 'hunter2';

beforeAll(async () => {
  [env, api] = await Promise.all([createLocalEnv(), startFakeHackerNewsApi({ seed: 1 })]);
  // An API URL with credentials in it, as a proxy or a paid mirror might need.
  credentialedUrl = api.baseUrl.replace('http://', `http://reader:${SECRET}@`);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop('SIGKILL')));
  api.resetFaults();
});
afterAll(async () => {
  await api?.close();
  await env?.teardown();
});

/** Starts a worker and keeps what it writes to stdout and to stderr apart. */
async function worker(extra: Record<string, string> = {}) {
  const process = startWorker({
    TEMPORAL_ADDRESS: env.address,
    HN_API_URL: credentialedUrl,
    HN_DESTINATION: 'none',
    ...extra,
  });
  workers.push(process);
  const stdout: string[] = [];
  const stderr: string[] = [];
  process.child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
  process.child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  await process.waitForOutput(/Worker ready/);
  const lines = (chunks: string[]) => chunks.join('').split('\n').filter(Boolean);
  return { process, stdout: () => lines(stdout), stderr: () => lines(stderr) };
}

function run(input: Record<string, unknown>) {
  return env.client.workflow.start(HackerNewsWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `logs-${++runs}`,
    args: [input as never],
  });
}

function parseAll(lines: string[]): Array<Record<string, unknown>> {
  return lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON line: ${line}`);
    }
  });
}

describe('worker logs', () => {
  it('LOG_FORMAT=json: every line on stdout and stderr is JSON, Core and process warnings included; credentials never appear', async () => {
    const w = await worker({ LOG_FORMAT: 'json', HN_HTTP_CONCURRENCY: '200' });
    // Two chunks of 50 with 100 requests in flight: each activity holds 50 requests on one
    // abort signal, which is where Node's listener warning comes from under load.
    const handle = await run({ limit: 100, chunkSize: 50, concurrency: 100, output: 'report' });
    const report = (await handle.result()) as HackerNewsReport;
    expect(report.stories.length + report.skipped.length).toBe(100);
    expect(await w.process.stop('SIGTERM', 30_000)).toBe(0);

    const out = parseAll(w.stdout());
    const err = parseAll(w.stderr());
    const core = out.filter((entry) => entry.sdkComponent === 'core');
    expect(core.map((entry) => entry.message)).toContain('Initializing worker');
    expect(core[0]).toMatchObject({
      level: 'INFO',
      target: expect.stringMatching(/^temporalio_sdk_core/) as unknown,
    });

    const ready = out.find((entry) => entry.message === 'Worker ready');
    expect(ready).toMatchObject({
      apiUrl: api.baseUrl.replace('http://', 'http://reader:***@'),
      workflows: 'prebuilt bundle',
      temporal: `${env.address} (namespace default)`,
    });
    expect(out.map((entry) => entry.message)).toContain('Worker stopped');
    for (const entry of [...out, ...err]) {
      expect(entry).toMatchObject({
        time: expect.any(String) as unknown,
        level: expect.any(String) as unknown,
      });
    }
    expect(w.process.output()).not.toContain(SECRET);
  });

  it('an activity failure is logged with its type, non-retryable flag, code and cause, its URL redacted', async () => {
    const w = await worker({ LOG_FORMAT: 'json' });
    api.setFaults({ notFoundLists: ['best'] });
    const handle = await run({ list: 'best', limit: 5 });
    await expect(handle.result()).rejects.toThrow();
    await w.process.stop('SIGTERM', 30_000);

    const failed = parseAll(w.stderr()).find((entry) => entry.message === 'Activity failed');
    expect(failed).toMatchObject({
      level: 'WARN',
      activityType: 'fetchStoryIds',
      error: {
        name: 'ApplicationFailure',
        type: 'HackerNewsNotFound',
        nonRetryable: true,
        message: expect.stringContaining('//***@127.0.0.1') as unknown,
        cause: { name: 'HackerNewsApiError', code: 'NOT_FOUND', status: 404, retryable: false },
      },
    });
    expect(w.process.output()).not.toContain(SECRET);
  });

  it('LOG_FORMAT=pretty: control characters from untrusted input are escaped, never printed', async () => {
    const w = await worker({ LOG_FORMAT: 'pretty' });
    // A client may start a run with any input; its option names reach the InvalidInput error
    // the workflow fails with, and so the worker's "Workflow failed" log line.
    const hostile = 'x\u001b[2J\u001b[31m\u009b2J\u202eforged\r\nERROR fake line';
    const handle = await run({ [hostile]: 1 });
    const failure = await handle.result().then(
      () => undefined,
      (error: Error & { cause?: Error }) => error,
    );
    expect(failure?.cause?.message).toMatch(/unknown option/);
    await w.process.waitForOutput(/Workflow failed/);
    await w.process.stop('SIGTERM', 30_000);

    const output = w.process.output();
    // ESC is escaped by JSON in the meta, CSI and the bidi override by the pretty format.
    expect(output).toContain('x\\u001b[2J\\u001b[31m\\x9b2J\\u202eforged\\r\\nERROR fake line');
    // Nothing but the line ends themselves: no ESC, CSI, CR, bidi override.
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(output).not.toMatch(/^ERROR fake line/m);
  });
});
