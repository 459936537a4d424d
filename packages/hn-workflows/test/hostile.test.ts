import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient, type HackerNewsClient } from '@hn/activities';
import {
  FIELD_LIMITS,
  PAYLOAD_BUDGET_BYTES,
  type HackerNewsReport,
  type Story,
  type StoryList,
} from '@hn/contract';
import {
  duplicateIdsCase,
  garbledBodiesCase,
  hugeJsonCase,
  oversizedTitlesCase,
  scenarioOf,
  slowDripCase,
  startHostileHackerNewsApi,
  terminalSequencesCase,
  TERMINAL_SEQUENCES,
  UNSAFE_URLS,
  unsafeUrlsCase,
  worstJsonCase,
  wrongIdsCase,
  wrongTypesCase,
  type HostileCase,
  type HostileHackerNewsApi,
} from '@hn/fake-hn-api';
import { createStore, type SqlStore } from '@hn/storage';
import { bundleWorkflowsOnce, createLocalEnv, createTimeSkippingEnv } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsWorkflow, progressQuery } from '../src';
import { workflowsPath } from '../src/worker';

// The hostile cases against the real pipeline: a hostile HTTP server on loopback, the real
// activities and HTTP client, a SQLite store, and a worker on a Temporal server. Payload cases
// run on the dev server, which enforces Temporal's payload limits as production does; cases
// that wait out retries run on the time-skipping server, where backoff passes at once.

const TIMEOUT_MS = 300;

interface Pipeline {
  env: TestWorkflowEnvironment;
  api: HostileHackerNewsApi;
  store: SqlStore;
  client: HackerNewsClient;
  worker: Worker;
  running: Promise<void>;
}

let runs = 0;

async function startPipeline(kind: 'dev' | 'time-skipping'): Promise<Pipeline> {
  const taskQueue = `hn-hostile-${kind}`;
  const [env, api, workflowBundle] = await Promise.all([
    kind === 'dev' ? createLocalEnv() : createTimeSkippingEnv(),
    startHostileHackerNewsApi(),
    bundleWorkflowsOnce(workflowsPath()),
  ]);
  const store = await createStore({
    kind: 'sqlite',
    filename: join(mkdtempSync(join(tmpdir(), 'hn-hostile-')), 'hn.db'),
  });
  const client = createHackerNewsClient({
    baseUrl: api.baseUrl,
    timeoutMs: TIMEOUT_MS,
    maxConcurrency: 100,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: createActivities({
      client,
      store,
      itemRetry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 100 },
    }),
  });
  return { env, api, store, client, worker, running: worker.run() };
}

async function stopPipeline(p: Pipeline | undefined): Promise<void> {
  if (p === undefined) return;
  p.worker.shutdown();
  await p.running;
  await p.client.close();
  await p.api.close();
  await p.store.close();
  await p.env.teardown();
}

interface Outcome {
  report: HackerNewsReport;
  runId: string;
  seconds: number;
  /** The largest payload in the run's history, in bytes, and the type of event that carried it. */
  largestPayload: { bytes: number; eventType: number };
}

/** Runs the workflow on `hostileCase` as the top list, with `limit` = the list's length. */
async function runCase(p: Pipeline, hostileCase: HostileCase, list: StoryList = 'top') {
  p.api.setScenario(scenarioOf(hostileCase));
  p.api.resetRequests();
  const started = performance.now();
  const handle = await p.env.client.workflow.start(HackerNewsWorkflow, {
    taskQueue: p.worker.options.taskQueue,
    workflowId: `hostile-${++runs}`,
    args: [{ limit: hostileCase.ids.length, list, output: 'report', concurrency: 50 }],
  });
  const report = (await handle.result()) as HackerNewsReport;
  const seconds = (performance.now() - started) / 1000;
  const history = await handle.fetchHistory();
  const progress = await handle.query(progressQuery);
  expect(progress).toEqual({
    phase: 'done',
    total: hostileCase.ids.length,
    fetched: hostileCase.ids.length,
    skipped: report.skipped.length,
  });
  // Every id of the list is accounted for: a story or a skip with its reason.
  expect(report.stories.length + report.skipped.length).toBe(hostileCase.ids.length);
  return {
    report,
    runId: handle.firstExecutionRunId,
    seconds,
    largestPayload: largestPayload(history.events ?? []),
  } satisfies Outcome;
}

function largestPayload(events: readonly object[]): { bytes: number; eventType: number } {
  let largest = { bytes: 0, eventType: 0 };
  const visit = (value: unknown, eventType: number): void => {
    if (value === null || typeof value !== 'object') return;
    if (value instanceof Uint8Array) return;
    const record = value as Record<string, unknown>;
    if (record.data instanceof Uint8Array && 'metadata' in record) {
      if (record.data.length > largest.bytes) largest = { bytes: record.data.length, eventType };
      return;
    }
    for (const child of Object.values(record)) visit(child, eventType);
  };
  for (const event of events) {
    const { eventType } = event as { eventType?: number | null };
    visit(event, eventType ?? 0);
  }
  return largest;
}

function byId<T extends { id: number }>(entries: readonly T[]): Map<number, T> {
  return new Map(entries.map((entry) => [entry.id, entry]));
}

async function skippedRows(p: Pipeline, runId: string) {
  return p.store.db
    .selectFrom('run_skipped')
    .select(['item_id', 'reason', 'detail'])
    .where('run_id', '=', runId)
    .orderBy('item_id')
    .execute();
}

describe('hostile API, on the dev server', () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline('dev');
  });
  afterAll(() => stopPipeline(p));

  it.each([
    [100, 30_000],
    [50, 100_000],
    [500, 5_000],
  ])(
    'completes %i stories with %i-byte titles in seconds, each title cut to its cap and flagged',
    async (count, titleBytes) => {
      const hostileCase = oversizedTitlesCase(count, titleBytes);
      const outcome = await runCase(p, hostileCase);
      const { report } = outcome;
      expect(report.stories.map((s) => s.id)).toEqual(hostileCase.ids);
      expect(report.skipped).toEqual([]);
      for (const story of report.stories) {
        const served = `${story.id} ${'oversized title '.repeat(Math.ceil(titleBytes / 16))}`;
        expect(story.title).toBe(served.slice(0, FIELD_LIMITS.title));
        expect(story.flags).toEqual(['title-truncated']);
      }
      expect(outcome.seconds).toBeLessThan(20);
      expect(outcome.largestPayload.bytes).toBeLessThan(PAYLOAD_BUDGET_BYTES);

      const stored = await p.store.storiesOfRun(outcome.runId);
      expect(stored.map((s) => s.title)).toEqual(report.stories.map((s) => s.title));
    },
  );

  it('keeps every payload under the budget when every field is the worst case for JSON', async () => {
    const hostileCase = worstJsonCase(500);
    const outcome = await runCase(p, hostileCase);
    const { report } = outcome;
    expect(report.stories.map((s) => s.id)).toEqual(hostileCase.ids);
    for (const story of report.stories) {
      expect(story.flags).toEqual(['title-truncated', 'by-truncated', 'url-replaced']);
      expect(story.url).toBe(`https://news.ycombinator.com/item?id=${story.id}`);
      expect(story.title.startsWith(`${story.id}\u0001`)).toBe(true);
    }
    expect(outcome.largestPayload.bytes).toBeLessThan(PAYLOAD_BUDGET_BYTES);
    expect(Buffer.byteLength(JSON.stringify(report))).toBeLessThan(PAYLOAD_BUDGET_BYTES);
    expect(outcome.seconds).toBeLessThan(20);
  });

  it('keeps terminal sequences as exact data in the report and the store', async () => {
    const outcome = await runCase(p, terminalSequencesCase());
    const stories = outcome.report.stories;
    const expected = Object.values(TERMINAL_SEQUENCES).map((sequence) => ({
      title: `Title ${sequence} end`.replace('\u0000', '\ufffd'),
      by: `u${sequence}`.replace('\u0000', '\ufffd'),
      flags: sequence.includes('\u0000') ? ['text-repaired'] : undefined,
    }));
    expect(stories.map((s) => ({ title: s.title, by: s.by, flags: s.flags }))).toEqual(expected);
    const stored = await p.store.storiesOfRun(outcome.runId);
    expect(stored.map((s) => [s.title, s.by])).toEqual(stories.map((s) => [s.title, s.by]));
  });

  it('fetches a repeated id once and reports every later occurrence as a duplicate', async () => {
    const outcome = await runCase(p, duplicateIdsCase());
    expect(outcome.report.stories.map((s) => s.id)).toEqual([3001, 3003]);
    expect(outcome.report.skipped).toEqual([
      { id: 3002, reason: 'null' },
      { id: 3001, reason: 'duplicate', detail: 'also at position 1 of the list' },
      { id: 3002, reason: 'duplicate', detail: 'also at position 2 of the list' },
      { id: 3001, reason: 'duplicate', detail: 'also at position 1 of the list' },
    ]);
    expect([3001, 3002, 3003].map((id) => p.api.requests(`/item/${id}.json`))).toEqual([1, 1, 1]);
    expect(outcome.report.stored).toBe(true);
  });

  it('rejects an item that answers with another id, and stores nothing under it', async () => {
    const outcome = await runCase(p, wrongIdsCase());
    const { stories, skipped } = outcome.report;
    expect(stories).toHaveLength(1);
    expect(stories[0]).toMatchObject({ id: 6002, title: 'Story 6002' });
    expect(skipped.map((s) => [s.id, s.reason, s.detail])).toEqual([
      [
        6001,
        'invalid-payload',
        `GET ${p.api.baseUrl}/item/6001.json returned item 6002 instead of 6001`,
      ],
      [
        6003,
        'invalid-payload',
        `GET ${p.api.baseUrl}/item/6003.json returned item 9 instead of 6003`,
      ],
    ]);
    const stored = await p.store.storiesOfRun(outcome.runId);
    expect(stored.map((s) => [s.id, s.title])).toEqual([[6002, 'Story 6002']]);
  });

  it('keeps only http(s) urls; every other one becomes the item page, flagged', async () => {
    const hostileCase = unsafeUrlsCase();
    const outcome = await runCase(p, hostileCase);
    const stories = outcome.report.stories;
    expect(stories).toHaveLength(UNSAFE_URLS.length + 1);
    for (const story of stories.slice(0, UNSAFE_URLS.length)) {
      expect(story.url).toBe(`https://news.ycombinator.com/item?id=${story.id}`);
      expect(story.flags).toEqual(['url-replaced']);
    }
    expect(stories.at(-1)).toMatchObject({ url: 'https://example.com/safe?q=1#top' });
    expect(stories.at(-1)?.flags).toBeUndefined();
    const stored = await p.store.storiesOfRun(outcome.runId);
    expect(stored.map((s) => s.url)).toEqual(stories.map((s) => s.url));
  });

  it('skips deep, huge and mistyped JSON with its reason, and keeps what is valid', async () => {
    const huge = await runCase(p, hugeJsonCase());
    expect(huge.report.stories.map((s: Story) => s.id)).toEqual([8002, 8003]);
    const hugeSkips = byId(huge.report.skipped);
    expect(hugeSkips.get(8001)).toMatchObject({ reason: 'invalid-payload' });
    expect(hugeSkips.get(8001)?.detail).toMatch(/kids\.0: /);
    expect(hugeSkips.get(8004)).toMatchObject({ reason: 'too-large' });
    expect(hugeSkips.get(8004)?.detail).toMatch(/returned more than 1048576 bytes/);

    const mistyped = await runCase(p, wrongTypesCase());
    expect(mistyped.report.stories).toEqual([]);
    expect(mistyped.report.skipped.map((s) => [s.id, s.reason])).toEqual(
      [9001, 9002, 9003, 9004, 9005].map((id) => [id, 'invalid-payload']),
    );
    const details = mistyped.report.skipped.map((s) => s.detail);
    ['score: ', 'id: ', 'title: ', 'type: ', 'time: '].forEach((field, index) => {
      expect(details[index]).toContain(field);
    });
    expect((await skippedRows(p, mistyped.runId)).map((row) => row.reason)).toEqual(
      Array(5).fill('invalid-payload'),
    );
  });
});

describe('hostile API, on the time-skipping server', () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline('time-skipping');
  });
  afterAll(() => stopPipeline(p));

  it('gives up on a body that drips slower than the timeout, and keeps the rest', async () => {
    const outcome = await runCase(p, slowDripCase(100));
    expect(outcome.report.stories.map((s) => s.id)).toEqual([4002, 4003]);
    expect(outcome.report.skipped).toEqual([
      {
        id: 4001,
        reason: 'unavailable',
        detail: `GET ${p.api.baseUrl}/item/4001.json timed out after ${TIMEOUT_MS} ms`,
      },
    ]);
    // 8 activity attempts of 2 requests each, then the run ends instead of stalling.
    expect(p.api.requests('/item/4001.json')).toBe(16);
    expect(outcome.seconds).toBeLessThan(30);
  });

  it('reports each garbled item with its own failure, in the report and the store', async () => {
    const outcome = await runCase(p, garbledBodiesCase());
    expect(outcome.report.stories.map((s) => s.id)).toEqual([5006]);
    const failed = [5001, 5002, 5003, 5004, 5005];
    expect(outcome.report.skipped).toEqual(
      failed.map((id) => ({
        id,
        reason: 'unavailable',
        detail: `GET ${p.api.baseUrl}/item/${id}.json returned a body that is not JSON`,
      })),
    );
    const rows = await skippedRows(p, outcome.runId);
    expect(rows.map((row) => [row.item_id, row.detail])).toEqual(
      failed.map((id) => [
        id,
        `GET ${p.api.baseUrl}/item/${id}.json returned a body that is not JSON`,
      ]),
    );
    expect(outcome.seconds).toBeLessThan(30);
  });
});
