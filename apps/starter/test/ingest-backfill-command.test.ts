// `ingest backfill` and `schedule backfill --parallelism` against real parts: the dev server
// (Schedules), a worker running the real workflows and activities into a SQLite file, the fake
// Hacker News API serving a generated id space.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { TASK_QUEUE, type HackerNewsBackfillResult } from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore, type SqlStore } from '@hn/storage';
import { bundleWorkflowsOnce, createLocalEnv } from '@hn/testing';
import { workflowsPath } from '@hn/workflows/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runStarter } from './cli';

const HOUR_MS = 3_600_000;
let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let hnClient: ReturnType<typeof createHackerNewsClient>;
let store: SqlStore;
let worker: Worker;
let workerRun: Promise<void>;

beforeAll(async () => {
  [env, api, store] = await Promise.all([
    createLocalEnv(),
    startFakeHackerNewsApi({ seed: 1, generatedSpace: true, maxItem: 200_000 }),
    createStore({
      kind: 'sqlite',
      filename: join(mkdtempSync(join(tmpdir(), 'hn-backfill-cli-')), 'hn.db'),
    }),
  ]);
  hnClient = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 2000 });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await bundleWorkflowsOnce(workflowsPath()),
    activities: createActivities({ client: hnClient, store, items: store }),
  });
  workerRun = worker.run();
});

afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await workerRun;
  }
  await hnClient?.close();
  await store?.close();
  await api?.close();
  await env?.teardown();
});

const cli = (...args: string[]) =>
  runStarter(args, { client: env.client, stdout: { columns: 200 } });

/** `hours` whole hours from the first hour boundary after item `id`'s time. */
function hoursAfter(id: number, hours: number): [string, string] {
  const startMs = Math.ceil((api.space!.itemTime(id)! * 1000) / HOUR_MS) * HOUR_MS;
  return [new Date(startMs).toISOString(), new Date(startMs + hours * HOUR_MS).toISOString()];
}

describe('ingest backfill', () => {
  it('refuses bad flags with exit 2 and says what to do, starting nothing', async () => {
    const nextHour = new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS).toISOString();
    const cases: Array<[string[], RegExp]> = [
      [['--from', '2025-01-01T00:00:00Z'], /needs --from and --to/],
      [['--from', '2025-01-01T00:00:00Z', '--to', nextHour], /--to \(.*\) is in the future/],
      [
        ['--from', '2025-01-01T00:30:00Z', '--to', '2025-01-01T02:00:00Z'],
        /--from \(2025-01-01T00:30:00.000Z\) is not on a 1h partition boundary/,
      ],
      [
        ['--from', '2025-01-01T00:00:00Z', '--to', '2025-03-01T00:00:00Z'],
        /1416 partitions of 1h, more than --max-partitions \(1000\).*raise --max-partitions/,
      ],
      [
        ['--from', '2025-01-01T00:00:00Z', '--to', '2025-01-02T00:00:00Z', '--parallelism', '0'],
        /--parallelism must be an integer from 1 to 32, got 0/,
      ],
      [['--ids', '1..10', '--from', '2025-01-01T00:00:00Z'], /takes a period .*not --ids/],
      [['--frm', 'x'], /Unknown option '--frm'/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr, stdout } = await cli('ingest', 'backfill', ...args);
      expect(code, stderr).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toContain("--help' for usage");
      expect(stdout).toBe('');
    }
  });

  it('ingests each hour with bounded parallelism, prints the table; a re-run skips them all (--json)', async () => {
    const [from, to] = hoursAfter(20_000, 3);
    const first = await cli('ingest', 'backfill', '--from', from, '--to', to, '--parallelism', '2');
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Backfilled ${from} to ${to} in 1h partitions (skip-completed)`);
    expect(first.stdout).toMatch(/^completed\s+3$/m);
    expect(first.stdout).toMatch(/^skipped \(already completed\)\s+0$/m);
    expect(first.stdout).toMatch(/^most in flight\s+2 of 2$/m);
    expect(lines.at(-1)).toMatch(/^Workflow hackernews-backfill run [0-9a-f-]{36}$/);

    const again = await cli('ingest', 'backfill', '--from', from, '--to', to, '--json');
    expect(again.code, again.stderr).toBe(0);
    const result = JSON.parse(again.stdout) as HackerNewsBackfillResult & { workflowId: string };
    expect(result).toMatchObject({
      workflowId: 'hackernews-backfill',
      total: 3,
      completed: 0,
      skipped: 3,
      failed: 0,
      parallelism: 4,
    });
    const partitions = await store.listPartitions({ from, to });
    expect(partitions.map((p) => p.status)).toEqual(['completed', 'completed', 'completed']);
  });
});

describe('schedule backfill on the ingest schedule', () => {
  it('without --parallelism, offers the bounded path; with it, runs the backfill workflow with the schedule partition', async () => {
    const created = await cli('schedule', 'ingest', '--paused');
    expect(created.code, created.stderr).toBe(0);
    try {
      const [start, end] = hoursAfter(60_000, 2);
      const bounded = await cli(
        'schedule',
        'backfill',
        '--id',
        'hackernews-ingest',
        '--start',
        start,
        '--end',
        end,
        '--parallelism',
        '2',
        '--json',
      );
      expect(bounded.code, bounded.stderr).toBe(0);
      expect(JSON.parse(bounded.stdout)).toMatchObject({
        workflowId: 'hackernews-backfill-hackernews-ingest',
        partition: '1h',
        total: 2,
        completed: 2,
        maxInFlight: 2,
      });

      const wrong = await cli(
        'schedule',
        'backfill',
        '--id',
        'hackernews-ingest',
        '--start',
        start,
        '--end',
        end,
        '--parallelism',
        '2',
        '--max-runs',
        '5',
      );
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/--max-runs shape a Schedule backfill/);

      const native = await cli(
        'schedule',
        'backfill',
        '--id',
        'hackernews-ingest',
        '--start',
        start,
        '--end',
        end,
      );
      expect(native.code, native.stderr).toBe(0);
      expect(native.stdout).toMatch(/requested: \d runs, overlap BUFFER_ALL/);
      expect(native.stdout).toContain('use --parallelism 4 (HackerNewsBackfillWorkflow) instead');
    } finally {
      await cli('schedule', 'delete', '--id', 'hackernews-ingest');
    }
  });
});
