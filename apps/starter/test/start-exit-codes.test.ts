// `start` through the CLI's own entry (`runCli` with `COMMANDS`, what `src/main.ts` runs) on the
// time-skipping test server, a worker running the real workflow and activities, and the fake
// Hacker News API serving three plain stories: the exact lines it prints, its progress line, and
// the exit code of each way it can fail.
import { processContext, type CliContext } from '@hn/runtime/cli';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { TASK_QUEUE } from '@hn/contract';
import {
  defineDataset,
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type HnStory,
} from '@hn/fake-hn-api';
import { bundleWorkflowsOnce, createTimeSkippingEnv, freePort } from '@hn/testing';
import { HackerNewsWorkflow } from '@hn/workflows';
import { workflowsPath } from '@hn/workflows/worker';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { EXIT } from '@hn/runtime/client';
import { runCli } from '../src/cli/program';
import { COMMANDS } from '../src/commands';
import { StatusLine, type TerminalStream } from '@hn/runtime';

const CLEAR = '\r\x1b[2K';
const stories: HnStory[] = [
  ['Rust compilers and Rust tooling', 'ada', 'https://example.com/rust'],
  ['Compilers for tiny machines', 'bob', 'https://example.com/tiny'],
  ['Ask HN: favourite compilers book?', 'cy', undefined],
].map(([title, by, url], i) => ({
  id: i + 1,
  type: 'story',
  title: title!,
  by: by!,
  ...(url && { url }),
  score: 100 - i,
  descendants: i,
  time: 1_700_000_000 + i,
}));

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let hnClient: ReturnType<typeof createHackerNewsClient>;
let worker: Worker;
let workerRun: Promise<void>;

beforeAll(async () => {
  [env, api] = await Promise.all([
    createTimeSkippingEnv(),
    startFakeHackerNewsApi({
      dataset: defineDataset({ items: stories, lists: { top: stories.map((s) => s.id) } }),
    }),
  ]);
  hnClient = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 5_000 });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await bundleWorkflowsOnce(workflowsPath()),
    activities: createActivities({ client: hnClient }),
  });
  workerRun = worker.run();
});
afterEach(() => {
  api.resetFaults();
  api.resetStats();
});
afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await workerRun;
  }
  await hnClient?.close();
  await api?.close();
  await env?.teardown();
});

function capture(options: { isTTY?: boolean; columns?: number }) {
  const chunks: string[] = [];
  const stream: TerminalStream = { ...options, write: (text) => chunks.push(text) };
  return { stream, chunks };
}

/**
 * Runs the CLI in this process as `src/main.ts` does, on stdout 100 columns and a 40-column
 * terminal on stderr; `connect` defaults to the test server's client and counts its calls.
 */
async function cli(args: string[], connect?: CliContext['connect']) {
  const stdout = capture({ columns: 100 });
  const stderr = capture({ isTTY: true, columns: 40 });
  let connects = 0;
  const ctx: CliContext = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    status: new StatusLine(stderr.stream),
    connect: () => {
      connects += 1;
      return connect
        ? connect()
        : Promise.resolve({ client: env.client, close: () => Promise.resolve() });
    },
  };
  const code = await runCli(args, ctx, COMMANDS);
  const lasting = stderr.chunks.filter((chunk) => !chunk.startsWith(CLEAR)).join('');
  return {
    code,
    stdout: stdout.chunks.join(''),
    stderr: lasting,
    draws: stderr.chunks.filter((chunk) => chunk.startsWith(CLEAR)),
    connects,
  };
}

async function runIdOf(workflowId: string): Promise<string> {
  return (await env.client.workflow.getHandle(workflowId).describe()).runId;
}

describe('start on the time-skipping server', () => {
  it('prints the stories, the top words and the run, exactly, and draws its progress', async () => {
    // Every answer takes 1 s of real time, so the progress query catches the fetch. Title
    // words count once per title ("Rust" twice in one is 1), ties alphabetically, "Ask HN" is
    // not a word of the title; a post without a url links to its item page.
    api.setFaults({ latencyMs: 1_000 });
    const { code, stdout, stderr, draws } = await cli([
      'start',
      '--id',
      'exact',
      '--top-words',
      '3',
    ]);
    expect(code, stderr).toBe(EXIT.OK);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        '#  title                              by   url',
        '-  ---------------------------------  ---  --------------------------------------',
        '1  Rust compilers and Rust tooling    ada  https://example.com/rust',
        '2  Compilers for tiny machines        bob  https://example.com/tiny',
        '3  Ask HN: favourite compilers book?  cy   https://news.ycombinator.com/item?id=3',
        '[3 rows x 3 columns]',
        '',
        'Top words in titles',
        'compilers  3 ███████████████████████████████████████████████████████████████████',
        'book       1 ██████████████████████',
        'favourite  1 ██████████████████████',
        '',
        `Workflow exact run ${await runIdOf('exact')}, not stored`,
        '',
      ].join('\n'),
    );
    expect(draws[0]).toBe(`${CLEAR}starting exact…`);
    expect(draws).toContain(`${CLEAR}fetching  [-----------------------] 0/3`);
    expect(draws.at(-1)).toBe(CLEAR);
  });

  it('exits 2 on invalid input, listing every problem, without connecting or starting a run', async () => {
    const { code, stdout, stderr, connects } = await cli([
      'start',
      '--id',
      'invalid',
      '--limit',
      '501',
      '--list',
      'worst',
    ]);
    expect(code).toBe(EXIT.USAGE);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        'error: --limit must be an integer from 1 to 500, got 501',
        '--list must be one of top, new, best, ask, show, job, got "worst"',
        "Run 'pnpm --filter starter start --help' for usage.",
        '',
      ].join('\n'),
    );
    expect(connects).toBe(0);
    await expect(env.client.workflow.getHandle('invalid').describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });

  it('exits 1 when the run fails: the API down through 8 attempts of backoff in skipped time', async () => {
    api.setFaults({ down: true });
    const { code, stdout, stderr } = await cli(['start', '--id', 'api-down']);
    expect(code).toBe(EXIT.FAILED);
    expect(stdout).toBe('');
    // BOUNDED_RETRY: 8 attempts, backoff 1, 2, 4, 8, 16, 30 and 30 s, all of it skipped.
    expect(api.stats().faults.down).toBe(8);
    const { startTime, closeTime } = await env.client.workflow.getHandle('api-down').describe();
    expect(closeTime!.getTime() - startTime.getTime()).toBeGreaterThanOrEqual(91_000);
    expect(stderr).toBe(
      [
        `error: The run api-down (run id ${await runIdOf('api-down')}) failed.`,
        '  caused by ActivityFailure: Activity task failed (activity fetchStoryIds, retry state MAXIMUM_ATTEMPTS_REACHED)',
        `  caused by ApplicationFailure [HackerNewsServerError]: GET ${api.baseUrl}/topstories.json failed: HTTP 503`,
        '',
      ].join('\n'),
    );
  });

  it('exits 1 when a run with the same id is already going, and leaves that run alone', async () => {
    const busy = await env.client.workflow.start(HackerNewsWorkflow, {
      taskQueue: 'no-worker-here',
      workflowId: 'busy',
    });
    try {
      const { code, stderr } = await cli(['start', '--id', 'busy']);
      expect(code).toBe(EXIT.FAILED);
      expect(stderr).toBe(
        [
          'error: A run with id busy is already running: wait for it, or pass another --id.',
          '  caused by WorkflowExecutionAlreadyStartedError: Workflow execution already started',
          '',
        ].join('\n'),
      );
      expect((await busy.describe()).status.name).toBe('RUNNING');
    } finally {
      await busy.terminate('test over');
    }
  });

  it('exits 4 when Temporal cannot be reached, with the connection the binary uses', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const saved = process.env.TEMPORAL_ADDRESS;
    process.env.TEMPORAL_ADDRESS = address;
    try {
      const { code, stdout, stderr } = await cli(['start', '--id', 'nowhere'], () =>
        processContext().connect(),
      );
      expect(code).toBe(EXIT.CANNOT_CONNECT);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        [
          `error: Cannot connect to Temporal at ${address} (namespace default): Failed to connect before the deadline`,
          "Start a local dev server with 'pnpm start' (dev server, Web UI and worker) or 'temporal server start-dev', or point TEMPORAL_ADDRESS (or a temporal.toml profile through TEMPORAL_PROFILE) at a running Temporal service.",
          '  caused by Failed to connect before the deadline',
          '',
        ].join('\n'),
      );
    } finally {
      if (saved === undefined) delete process.env.TEMPORAL_ADDRESS;
      else process.env.TEMPORAL_ADDRESS = saved;
    }
  });
});
