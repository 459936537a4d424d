// Partition edges end to end on the time-skipping server, real SQLite: a live fake API (times
// jitter up to two minutes across partition edges, runs of nulls, tombstones without a time)
// whose clock the test moves. Three adjacent hours ingested one by one at different moments, as
// an hourly schedule would (maxitem moving in between), then a backfill over them and their
// neighbours: the ids are tiled (each partition starts at its predecessor's last id + 1), every
// id of the period is stored and counted in exactly one partition, and every check passes. Then
// a partition with a hole forced into the store fails its contiguity check, and a backfill runs
// it again, tiled with the partitions it keeps.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { countedIds, type HackerNewsIngestInput } from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore, type SqlStore, type StoredPartition } from '@hn/storage';
import { bundleWorkflowsOnce, createTimeSkippingEnv } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsBackfillWorkflow, HackerNewsIngestWorkflow } from '../src';
import { workflowsPath } from '../src/worker';

const HOUR_MS = 3_600_000;
/**
 * Hour `h` of the test's period: hours 1 to 3 are ingested alone, 0 and 4 by the backfill. A
 * fixed period (the fake API's items are a function of seed and id), so every run searches the
 * same ids: the wall clock's hour would pick a different stretch of the id space each run.
 */
const BASE_MS = Date.parse('2026-12-06T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const hour = (h: number) => ({
  start: iso(BASE_MS + h * HOUR_MS),
  end: iso(BASE_MS + (h + 1) * HOUR_MS),
});
const keyOf = (h: number) => `window:${hour(h).start}/${hour(h).end}`;

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let store: SqlStore;
let bundle: Awaited<ReturnType<typeof bundleWorkflowsOnce>>;
let activities: ReturnType<typeof createActivities>;
let client: ReturnType<typeof createHackerNewsClient>;
/** The fake API's clock (ms): its maxitem is the newest id timed at or before it. */
let clockMs = BASE_MS;
let runs = 0;

beforeAll(async () => {
  const [testEnv, fakeApi, workflowBundle] = await Promise.all([
    createTimeSkippingEnv(),
    startFakeHackerNewsApi({ seed: 3, live: { clock: () => clockMs } }),
    bundleWorkflowsOnce(workflowsPath()),
  ]);
  env = testEnv;
  api = fakeApi;
  store = await createStore({
    kind: 'sqlite',
    filename: join(mkdtempSync(join(tmpdir(), 'hn-edges-')), 'hn.db'),
  });
  client = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 2_000, maxConcurrency: 32 });
  activities = createActivities({
    client,
    store,
    items: store,
    itemRetry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 10 },
  });
  bundle = workflowBundle;
});
afterAll(async () => {
  await client?.close();
  await api?.close();
  await store?.close();
  await env?.teardown();
});

/** Runs `fn` while a worker polls the task queue (a worker runs once). */
async function withWorker<T>(fn: Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'hn-edges-test',
    workflowBundle: bundle,
    activities,
  });
  return worker.runUntil(fn);
}

function ingest(input: HackerNewsIngestInput) {
  return withWorker(
    env.client.workflow.execute(HackerNewsIngestWorkflow, {
      taskQueue: 'hn-edges-test',
      workflowId: `edges-ingest-${++runs}`,
      args: [{ ...input, chunkSize: 250 }],
    }),
  );
}

function backfill(from: number, to: number) {
  return withWorker(
    env.client.workflow.execute(HackerNewsBackfillWorkflow, {
      taskQueue: 'hn-edges-test',
      workflowId: `edges-backfill-${++runs}`,
      args: [{ start: hour(from).start, end: hour(to).start, ingest: { chunkSize: 250 } }],
    }),
  );
}

/** The stored partitions of hours `from..to - 1`, in order. */
async function partitionsOf(from: number, to: number): Promise<StoredPartition[]> {
  const stored = await store.listPartitions({ from: hour(from).start, to: hour(to).start });
  expect(stored.map((p) => p.key)).toEqual(
    Array.from({ length: to - from }, (_, i) => keyOf(from + i)),
  );
  return stored;
}

/**
 * Asserts that `partitions` are completed and tile the ids: each starts at its predecessor's
 * last id + 1, every id between the first and the last is stored, and the partitions' counts
 * add up to exactly those ids (no id counted twice).
 */
async function expectTiled(partitions: readonly StoredPartition[]): Promise<void> {
  partitions.forEach((partition, i) => {
    expect(partition.status, partition.key).toBe('completed');
    expect(partition.toId - partition.fromId + 1, partition.key).toBeGreaterThan(400);
    if (i > 0) expect(partition.fromId, partition.key).toBe(partitions[i - 1]!.toId + 1);
  });
  const fromId = partitions[0]!.fromId;
  const toId = partitions.at(-1)!.toId;
  expect(await store.itemStats({ fromId, toId })).toMatchObject({
    rows: toId - fromId + 1,
    gaps: 0,
  });
  const counted = partitions.reduce((sum, p) => sum + countedIds(p.counts!), 0);
  expect(counted).toBe(toId - fromId + 1);
}

async function failingChecks() {
  const results = await store.checkPartitions({ now: new Date(clockMs) });
  return results
    .filter((r) => r.status !== 'pass')
    .map((r) => `${r.partitionKey} ${r.check}: ${r.message}`);
}

describe('partition edges', () => {
  it('tiles hours ingested one by one and a backfill over them and their neighbours', async () => {
    // Each hour ingested as it ends, as the hourly schedule does: maxitem moves on between
    // them, and items timed up to two minutes early lie past every edge, so a
    // search of an hour's start alone can find an edge a few ids past its predecessor's end:
    // those ids would be in no partition.
    const lone: Array<{ fromId: number; toId: number }> = [];
    for (const h of [1, 2, 3]) {
      clockMs = BASE_MS + (h + 1) * HOUR_MS;
      const before = api.stats().byKind.item;
      const result = await ingest(hour(h));
      lone.push({ fromId: result.fromId, toId: result.toId });
      // A stored predecessor gives the first edge: only the end is searched.
      if (h > 1) expect(result.fromId).toBe(lone.at(-2)!.toId + 1);
      expect(
        api.stats().byKind.item - before - (result.toId - result.fromId + 1),
      ).toBeLessThanOrEqual(15);
    }
    await expectTiled(await partitionsOf(1, 4));

    // The backfill keeps the three stored hours and runs their neighbours, tiled with them.
    clockMs = BASE_MS + 5 * HOUR_MS + 10 * 60_000;
    const result = await backfill(0, 5);
    expect(result).toMatchObject({ completed: 2, skipped: 3, failed: 0 });
    const partitions = await partitionsOf(0, 5);
    expect(partitions.slice(1, 4).map(({ fromId, toId }) => ({ fromId, toId }))).toEqual(lone);
    await expectTiled(partitions);
    expect(await failingChecks()).toEqual([]);
  });

  it('runs a partition with a hole again, tiled with the partitions the backfill keeps', async () => {
    const [, , second] = await partitionsOf(0, 5);
    // A hole of 5 ids before hour 2, forced into the store.
    const { key, windowStart, windowEnd, toId, status, counts, workflowId, runId } = second!;
    await store.savePartition({
      key,
      windowStart,
      windowEnd,
      fromId: second!.fromId + 5,
      toId,
      status,
      counts,
      workflowId,
      runId,
      startedAt: second!.startedAt,
      finishedAt: second!.finishedAt,
      ...(second!.maxItem === null ? {} : { maxItem: second!.maxItem }),
    });
    const checks = await store.checkPartitions({ now: new Date(clockMs) });
    const contiguity = checks.find((r) => r.partitionKey === keyOf(2) && r.check === 'contiguity');
    expect(contiguity).toMatchObject({ status: 'fail', value: 5 });
    expect(await store.completedPartitionKeys([keyOf(2)])).toEqual([]);

    // Hours 1 and 2 both fail contiguity now (the hole is between them): both run again.
    const result = await backfill(0, 5);
    expect(result).toMatchObject({ completed: 2, skipped: 3, failed: 0 });
    const partitions = await partitionsOf(0, 5);
    await expectTiled(partitions);
    expect(await failingChecks()).toEqual([]);
  });
});
