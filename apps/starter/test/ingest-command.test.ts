// `ingest` and `ingest status` against real parts: the time-skipping test server, a worker running
// the real ingest workflow and activities into a SQLite file, the fake Hacker News API serving a
// generated id space.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { TASK_QUEUE, type HackerNewsIngestResult } from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore, type SqlStore } from '@hn/storage';
import { bundleWorkflowsOnce, createTimeSkippingEnv } from '@hn/testing';
import { workflowsPath } from '@hn/workflows/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runStarter } from './cli';

const HOUR = 3600;
let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let hnClient: ReturnType<typeof createHackerNewsClient>;
let store: SqlStore;
let database: string;
let worker: Worker;
let workerRun: Promise<void>;

beforeAll(async () => {
  database = join(mkdtempSync(join(tmpdir(), 'hn-ingest-cli-')), 'hn.db');
  [env, api, store] = await Promise.all([
    createTimeSkippingEnv(),
    startFakeHackerNewsApi({ seed: 1, generatedSpace: true, maxItem: 100_000 }),
    createStore({ kind: 'sqlite', filename: database }),
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
  runStarter(args, {
    client: env.client,
    stdout: { columns: 200 },
    stderr: { isTTY: true, columns: 80 },
  });

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

describe('ingest', () => {
  it.each([
    [
      ['ingest'],
      'Give what to ingest: --last <duration>, --from <time> --to <time>, or --ids <from>..<to>.',
    ],
    [
      ['ingest', '--ids', '1..2', '--last', '1h'],
      'Give one of --last, --from/--to or --ids, not --last and --ids.',
    ],
    [['ingest', '--ids', '9..3'], 'the end of --ids (3) must be at least the start of --ids (9)'],
    [
      ['ingest', '--ids', '1..2147483648'],
      "the end of --ids must be at most 2147483647 (the item store's id limit), got 2147483648",
    ],
    [
      // As typed: as a number it would read 9007199254740992.
      ['ingest', '--ids', '9007199254740993..9007199254740995'],
      "the start of --ids must be at most 2147483647 (the item store's id limit), got 9007199254740993",
    ],
    [
      ['ingest', '--ids', '0..0'],
      'the start of --ids and the end of --ids must each be an integer from 1 to 2147483647, got 0',
    ],
    [['ingest', '--ids', '1-3'], '--ids must be <from>..<to> (e.g. 1..2000), got "1-3"'],
    [
      ['ingest', '--last', '6x', '--chunk-size', '0'],
      '--last must be a duration such as 30s, 10m, 6h, 1d or 1h30m, from 1s to 31d, got "6x"\n--chunk-size must be an integer from 1 to 10000, got 0',
    ],
    [
      ['ingest', '--ids', '1..5000001'],
      '--ids: the range holds 5000001 ids; one run ingests at most 5000000: split it',
    ],
    [['ingest', '--from', '2025-01-01T10:00:00Z'], 'a time window needs both --from and --to'],
    [
      ['ingest', 'status', '--from', '2025-01-02T00:00:00Z', '--to', '2025-01-01T00:00:00Z'],
      '--to (2025-01-01T00:00:00Z) must be after --from (2025-01-02T00:00:00Z)',
    ],
    [
      ['ingest', 'status', '--ids', '1..2'],
      "'ingest status' takes only --from, --to and --json, not --ids.",
    ],
  ])('%j exits 2 with the message', async (args, message) => {
    const { code, stderr, stdout } = await cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: ${message}\n`);
    expect(stderr.split(message)).toHaveLength(2); // said once
    expect(stderr).not.toMatch(/fromId|toId|chunkSize/); // flags only, never the input's names
  });

  it('ingests an id range and prints the summary table with the exact counts by type', async () => {
    const { code, stdout, stderr } = await cli(
      'ingest',
      '--ids',
      '1..2000',
      '--workflow-id',
      'cli-ids',
      '--chunk-size',
      '500',
    );
    expect(code, stderr).toBe(0);
    const expected = api.space!.expectedCounts(1, 2000);
    const row = (name: string) =>
      new RegExp(`^${name.replace(/[()]/g, '\\$&')}\\s+([\\d,]+)$`, 'm').exec(stdout)?.[1];
    expect(stdout).toContain('Ingested ids 1..2000');
    for (const type of ['story', 'comment', 'job', 'poll', 'pollopt'] as const) {
      expect(row(type), type).toBe(expected.byType[type].toLocaleString('en-US'));
    }
    expect(row('items')).toBe(expected.items.toLocaleString('en-US'));
    expect(row('missing')).toBe(expected.missing.toLocaleString('en-US'));
    expect(row('total ids')).toBe('2,000');
    expect(stdout).toMatch(/^Workflow cli-ids run [\w-]+$/m);
    expect((await store.itemStats({ fromId: 1, toId: 2000 })).gaps).toBe(0);
  });

  it('--json prints the result exactly', async () => {
    const { code, stdout, stderr } = await cli(
      'ingest',
      '--ids',
      '2001..2500',
      '--workflow-id',
      'cli-json',
      '--json',
    );
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as HackerNewsIngestResult & { workflowId: string };
    const expected = api.space!.expectedCounts(2001, 2500);
    expect(result).toMatchObject({ workflowId: 'cli-json', fromId: 2001, toId: 2500, total: 500 });
    expect(result.counts).toMatchObject({
      items: expected.items,
      missing: expected.missing,
      byType: expected.byType,
    });
  });

  it('status lists the partitions by window, with a gap row for the hour between two windows', async () => {
    const h0 = Math.ceil(api.space!.itemTime(10_000)! / HOUR) * HOUR;
    for (const [start, id] of [
      [h0, 'cli-w1'],
      [h0 + 2 * HOUR, 'cli-w2'],
    ] as const) {
      const run = await cli(
        'ingest',
        '--from',
        iso(start),
        '--to',
        iso(start + HOUR),
        '--workflow-id',
        id,
      );
      expect(run.code, run.stderr).toBe(0);
    }
    process.env.HN_DESTINATION = `sqlite:${database}`;
    try {
      const { code, stdout, stderr } = await cli(
        'ingest',
        'status',
        '--from',
        iso(h0),
        '--to',
        iso(h0 + 3 * HOUR),
      );
      expect(code, stderr).toBe(0);
      const lines = stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(
        /^window\s+ids\s+items\s+missing\s+status\s+checks\s+workflow id\s+run id$/,
      );
      expect(lines.slice(2).map((l) => /(completed|gap \(1h\))/.exec(l)?.[1])).toEqual([
        'completed',
        'gap (1h)',
        'completed',
      ]);
      expect(lines[2]).toContain(`${iso(h0)} to ${iso(h0 + HOUR)}`);
      expect(lines[3]).toContain(`${iso(h0 + HOUR)} to ${iso(h0 + 2 * HOUR)}`);
      expect(lines[4]).toContain('cli-w2');

      const json = await cli(
        'ingest',
        'status',
        '--from',
        iso(h0),
        '--to',
        iso(h0 + 3 * HOUR),
        '--json',
      );
      const rows = JSON.parse(json.stdout) as Array<{
        kind: string;
        windowStart: string;
        workflowId?: string;
        fromId: number;
        toId: number;
        checks?: Array<{ check: string; status: string }>;
      }>;
      expect(rows.map((r) => [r.kind, r.windowStart, r.workflowId])).toEqual([
        ['partition', iso(h0), 'cli-w1'],
        ['gap', iso(h0 + HOUR), undefined],
        ['partition', iso(h0 + 2 * HOUR), 'cli-w2'],
      ]);
      // The gap holds the ids between the two partitions' ranges too.
      expect([rows[1]!.fromId, rows[1]!.toId]).toEqual([rows[0]!.toId + 1, rows[2]!.fromId - 1]);
      // Each partition carries the checks its save ran; the table shows them in a word.
      for (const row of [rows[0]!, rows[2]!]) {
        expect(row.checks!.map((c) => [c.check, c.status])).toEqual(
          expect.arrayContaining([
            ['contiguity', 'pass'],
            ['window_times', 'pass'],
            ['missing_ids', 'pass'],
            ['maxitem', 'pass'],
          ]),
        );
      }
      expect(lines[2]).toMatch(/ (pass|warn: freshness|fail: freshness) /);
    } finally {
      delete process.env.HN_DESTINATION;
    }
  });
});
