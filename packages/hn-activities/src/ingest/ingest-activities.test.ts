import {
  FAILURE_TYPES,
  type IngestCheckpoint,
  type IngestCounts,
  type IngestPartitionRecord,
  type ItemRecord,
  type ItemStore,
} from '@hn/contract';
import {
  sendJson,
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type ItemSpace,
} from '@hn/fake-hn-api';
import type { Info } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure, type Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '@hn/storage';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../activities';
import { createHackerNewsClient, type HackerNewsClient } from '../hacker-news-client';
import { EDGE_LAG_MS, EDGE_SLACK_MS, MAX_SEARCH_REQUESTS } from './search-item-range';

const silentLogger: Logger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** An item store that keeps every batch it was given, and can be told to fail. */
class RecordingStore implements ItemStore {
  readonly batches: number[][] = [];
  readonly rows = new Map<number, ItemRecord>();
  readonly partitions: IngestPartitionRecord[] = [];
  failOnBatch: number | undefined;
  saveDelayMs = 0;
  onSave: (() => void) | undefined;

  async saveItems(items: readonly ItemRecord[]) {
    this.onSave?.();
    if (this.saveDelayMs > 0) await new Promise((r) => setTimeout(r, this.saveDelayMs));
    if (this.failOnBatch === this.batches.length) throw new Error('disk full');
    this.batches.push(items.map((item) => item.id));
    for (const item of items) this.rows.set(item.id, item);
    return { written: items.length };
  }
  savePartition(partition: IngestPartitionRecord) {
    this.partitions.push(partition);
    return Promise.resolve();
  }
  completedPartitionKeys(keys: readonly string[]) {
    const completed = new Set(
      this.partitions.filter((p) => p.status === 'completed').map((p) => p.key),
    );
    return Promise.resolve(keys.filter((key) => completed.has(key)));
  }
  close() {
    return Promise.resolve();
  }
}

const MAX_ITEM = 1_000_000;
let api: FakeHackerNewsApi;
let space: ItemSpace;
let client: HackerNewsClient;

beforeAll(async () => {
  api = await startFakeHackerNewsApi({ seed: 1, generatedSpace: true, maxItem: MAX_ITEM });
  space = api.space!;
  client = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 5_000, maxConcurrency: 64 });
});
afterAll(async () => {
  await client?.close();
  await api?.close();
});
beforeEach(() => {
  api.resetFaults();
  api.resetStats();
});

function activities(items?: ItemStore) {
  return createActivities({
    client,
    ...(items ? { items } : {}),
    logger: silentLogger,
    itemRetry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 20 },
    heartbeatIntervalMs: 50,
  });
}

function environment(info: Partial<Info> = {}) {
  const env = new MockActivityEnvironment(info, { logger: silentLogger });
  const heartbeats: IngestCheckpoint[] = [];
  env.on('heartbeat', (details: IngestCheckpoint) => heartbeats.push(details));
  return { env, heartbeats };
}

function run<A extends unknown[], R>(
  env: MockActivityEnvironment,
  fn: (...args: A) => Promise<R>,
  ...args: A
): Promise<R> {
  return env.run<A, R, (...args: A) => Promise<R>>(fn, ...args);
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => expect.fail('expected a failure'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

/** The counts the fake API's id space says a range holds, as an ingest reports them. */
function expected(fromId: number, toId: number, bytes: number): IngestCounts {
  const c = space.expectedCounts(fromId, toId);
  return {
    items: c.items,
    byType: c.byType,
    deleted: c.deleted,
    dead: c.dead,
    missing: c.missing,
    invalid: 0,
    bytes,
  };
}

/** Bytes of the items' JSON as the client validated them, computed without HTTP. */
function bytesOf(fromId: number, toId: number): number {
  let total = 0;
  for (let id = fromId; id <= toId; id++) {
    const item = space.item(id);
    total += item === null ? 4 : Buffer.byteLength(JSON.stringify(item));
  }
  return total;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * Asserts the rule of edges for the window `[start, end)` (Unix seconds) and its ids, item by
 * item over the ids timed from 10 minutes before it to 10 minutes after: an item before the range
 * is timed before the window or up to the lag and slack (4 minutes) past its start (its
 * predecessor's), an item after it at or after the window's end (none of the window's is left to
 * the successor), an item of it inside the window or up to the lag and slack past its end.
 */
function expectWindowIds(start: number, end: number, range: { fromId: number; toId: number }) {
  const slack = (EDGE_LAG_MS + EDGE_SLACK_MS) / 1000;
  const near = space.idRangeForWindow(start - 600, end + 600);
  const [lo, hi] = [near?.fromId ?? range.fromId, near?.toId ?? range.toId];
  const misplaced: number[] = [];
  for (let id = Math.max(1, Math.min(lo, range.fromId)); id <= Math.max(hi, range.toId); id++) {
    const time = space.itemTime(id);
    if (time === undefined) continue;
    const ok =
      id < range.fromId
        ? time < start + slack
        : id > range.toId
          ? time >= end
          : time >= start && time < end + slack;
    if (!ok) misplaced.push(id);
  }
  expect(misplaced, `ids ${range.fromId}..${range.toId} of ${iso(start)}/${iso(end)}`).toEqual([]);
}

describe('findItemRange', () => {
  async function find(startSeconds: number, endSeconds: number, faulted = false) {
    api.resetStats();
    const { env } = environment();
    const range = await run(env, activities().findItemRange, {
      start: iso(startSeconds),
      end: iso(endSeconds),
    });
    const stats = api.stats();
    // Every item request is a probe; the one other request is /maxitem.json.
    expect(stats.byKind.item).toBe(range.probes);
    expect(stats.totalRequests).toBe(range.probes + 1);
    const untimed = Object.keys(stats.byItem)
      .map(Number)
      .filter((id) => space.itemTime(id) === undefined).length;
    // At most 14 item requests (15 with maxitem) unless probes land on ids without a time.
    expect(range.probes).toBeLessThanOrEqual(untimed === 0 && !faulted ? 14 : MAX_SEARCH_REQUESTS);
    return { range, untimed };
  }

  it('finds the ids of a window at the start of the id space', async () => {
    const first = space.itemTime(1)!;
    const { range } = await find(first - 3600, first + 3600);
    expect(range).toMatchObject({ fromId: 1, maxItem: MAX_ITEM });
    expectWindowIds(first - 3600, first + 3600, range);
    expect(range.toId).toBeGreaterThan(500);
  });

  it('finds the ids of the last hour, and ends a window past maxitem at maxitem', async () => {
    const last = space.itemTime(MAX_ITEM)!;
    const { range: hour } = await find(last - 3600, last + 1);
    expect(hour.toId).toBe(MAX_ITEM);
    expectWindowIds(last - 3600, last + 1, hour);
    const { range: past } = await find(last - 60, last + 86_400);
    expect(past.toId).toBe(MAX_ITEM);
    expectWindowIds(last - 60, last + 86_400, past);
    const { range: after } = await find(last + 60, last + 3600);
    expect(after).toMatchObject({ fromId: MAX_ITEM + 1, toId: MAX_ITEM });
  });

  it('returns an empty range for a window between two items', async () => {
    // Items are 6 s apart at 600 an hour: a window inside such a gap holds none.
    const id = 500_000;
    const time = space.itemTime(id) ?? space.itemTime(id + 1)!;
    const { range } = await find(time + 1, time + 2);
    expect(space.idRangeForWindow(time + 1, time + 2)).toBeUndefined();
    expect(range.toId).toBe(range.fromId - 1);
  });

  it('steps past null and deleted probes to the right bounds', async () => {
    const first = space.itemTime(1)!;
    const last = space.itemTime(MAX_ITEM)!;
    let untimedSeen = 0;
    // Windows spread over the space until the searches have landed on several ids without a time.
    for (let k = 1; k <= 80 && untimedSeen < 3; k++) {
      const start = first + Math.floor(((last - first) * k) / 81);
      const { range, untimed } = await find(start, start + 3600);
      expectWindowIds(start, start + 3600, range);
      untimedSeen += untimed;
    }
    expect(untimedSeen).toBeGreaterThanOrEqual(3);
  });

  it('treats a probe answering 404 or an invalid payload as an id without a time', async () => {
    const first = space.itemTime(1)!;
    const last = space.itemTime(MAX_ITEM)!;
    const start = first + Math.floor((last - first) / 3);
    const clean = await find(start, start + 3600);
    const probed = Object.keys(api.stats().byItem).map(Number);
    api.setFaults({
      itemFaults: { [probed[0]!]: 'not-found', [probed[1]!]: 'invalid', [probed[2]!]: 'not-found' },
    });
    const { range, untimed } = await find(start, start + 3600, true);
    expect(untimed).toBe(0);
    expect(range.probes).toBeGreaterThan(clean.range.probes);
    // Another path through the ids, so maybe other edges within the slack: both by the rule.
    expectWindowIds(start, start + 3600, clean.range);
    expectWindowIds(start, start + 3600, range);
  });

  it('rejects a bad window before any request', async () => {
    const { env } = environment();
    const failure = await failureOf(
      run(env, activities().findItemRange, { start: '2025-01-02T00:00:00Z', end: 'tomorrow' }),
    );
    expect(failure.type).toBe(FAILURE_TYPES.invalidInput);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/end must be an ISO-8601 time/);
    expect(api.stats().totalRequests).toBe(0);
  });
});

describe('ingestItems', () => {
  it('stores every id of a range once, in id-ordered batches, with exact counts', async () => {
    const store = new RecordingStore();
    const { env, heartbeats } = environment();
    const [fromId, toId] = [200_001, 203_000];
    const result = await run(env, activities(store).ingestItems, {
      fromId,
      toId,
      concurrency: 16,
      batchSize: 128,
    });

    expect(result).toEqual({
      fromId,
      toId,
      nextId: toId + 1,
      counts: expected(fromId, toId, bytesOf(fromId, toId)),
      invalidSample: [],
    });
    expect(result.counts.byType.comment).toBeGreaterThan(2000);
    expect(result.counts.missing + result.counts.deleted + result.counts.dead).toBeGreaterThan(0);
    // Batches arrive in id order, full except the last, covering the range with no gap.
    const flat = store.batches.flat();
    expect(flat).toEqual(Array.from({ length: toId - fromId + 1 }, (_, i) => fromId + i));
    expect(store.batches.slice(0, -1).every((batch) => batch.length === 128)).toBe(true);
    expect(api.stats().byKind.item).toBe(toId - fromId + 1);
    // Each stored record carries the item's fields; a null id is a missing record.
    for (const id of [fromId, fromId + 1234, toId]) {
      const item = space.item(id);
      const row = store.rows.get(id)!;
      if (item === null) expect(row).toMatchObject({ status: 'missing', type: null });
      else expect(row).toMatchObject({ status: 'item', id, time: item.time ?? null });
    }
    // The checkpoint only moves forward, one batch at a time, and ends at the result.
    const nextIds = heartbeats.map((h) => h.nextId);
    expect(nextIds).toEqual([...nextIds].sort((a, b) => a - b));
    expect(heartbeats.at(-1)).toEqual(result);
  });

  it('resumes from heartbeat details and fetches only the rest of the range', async () => {
    const store = new RecordingStore();
    const [fromId, toId] = [300_001, 302_000];
    const resumeAt = 301_001;
    const done = expected(fromId, resumeAt - 1, bytesOf(fromId, resumeAt - 1));
    const { env } = environment({
      attempt: 2,
      heartbeatDetails: { fromId, toId, nextId: resumeAt, counts: done, invalidSample: [] },
    });
    const result = await run(env, activities(store).ingestItems, {
      fromId,
      toId,
      concurrency: 8,
    });
    const requested = Object.keys(api.stats().byItem).map(Number);
    expect(Math.min(...requested)).toBe(resumeAt);
    expect(api.stats().byKind.item).toBe(toId - resumeAt + 1);
    expect(store.batches.flat()[0]).toBe(resumeAt);
    expect(result.counts).toEqual(expected(fromId, toId, bytesOf(fromId, toId)));
  });

  it('ignores heartbeat details of another range', async () => {
    const store = new RecordingStore();
    const { env } = environment({
      heartbeatDetails: {
        fromId: 1,
        toId: 10,
        nextId: 5,
        counts: expected(1, 4, 0),
        invalidSample: [],
      },
    });
    const result = await run(env, activities(store).ingestItems, { fromId: 401, toId: 420 });
    expect(result.counts).toEqual(expected(401, 420, bytesOf(401, 420)));
    expect(api.stats().byKind.item).toBe(20);
  });

  it('records invalid payloads and 404s, and keeps going', async () => {
    const store = new RecordingStore();
    const [fromId, toId] = [500_001, 500_300];
    const live = (id: number) => space.item(id) !== null;
    const invalidIds = [500_010, 500_011, 500_200].map((id) => (live(id) ? id : id + 1));
    const goneId = live(500_100) ? 500_100 : 500_101;
    api.setFaults({
      itemFaults: {
        ...Object.fromEntries(invalidIds.map((id) => [id, 'invalid' as const])),
        [goneId]: 'not-found',
      },
    });
    const { env } = environment();
    const result = await run(env, activities(store).ingestItems, { fromId, toId, concurrency: 4 });
    expect(result.invalidSample).toEqual(invalidIds);
    expect(result.counts.invalid).toBe(3);
    expect(result.counts.missing).toBe(space.expectedCounts(fromId, toId).missing + 1);
    expect(result.counts.items).toBe(space.expectedCounts(fromId, toId).items - 4);
    expect(store.rows.get(invalidIds[0]!)?.status).toBe('invalid');
    expect(store.rows.get(invalidIds[0]!)?.detail).toMatch(/returned an invalid item/);
    expect(store.rows.get(goneId)).toMatchObject({ status: 'missing' });
    expect(store.rows.size).toBe(toId - fromId + 1);
  });

  it('stores everything below an item that keeps failing, fails retryably, and the retry resumes there', async () => {
    const store = new RecordingStore();
    const [fromId, toId] = [600_001, 601_000];
    const flaky = 600_537;
    api.setFaults({ itemFaults: { [flaky]: 'error' } });
    const first = environment();
    const failure = await failureOf(
      run(first.env, activities(store).ingestItems, {
        fromId,
        toId,
        concurrency: 8,
        batchSize: 100,
      }),
    );
    expect(failure.type).toBe(FAILURE_TYPES.incompleteBatch);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.cause).toMatchObject({ type: FAILURE_TYPES.serverError });
    const [checkpoint] = failure.details as [IngestCheckpoint];
    expect(checkpoint.nextId).toBe(flaky);
    expect(checkpoint.counts).toEqual(expected(fromId, flaky - 1, bytesOf(fromId, flaky - 1)));
    expect(first.heartbeats.at(-1)).toEqual(checkpoint);
    // The batch holding the failed id is cut at it, so the checkpoint is exact.
    expect(store.batches.flat()).toEqual(
      Array.from({ length: flaky - fromId }, (_, i) => fromId + i),
    );
    expect(api.stats().byItem[flaky]).toBe(2);

    api.resetFaults();
    api.resetStats();
    const second = environment({ attempt: 2, heartbeatDetails: checkpoint });
    const result = await run(second.env, activities(store).ingestItems, {
      fromId,
      toId,
      concurrency: 8,
      batchSize: 100,
    });
    expect(Math.min(...Object.keys(api.stats().byItem).map(Number))).toBe(flaky);
    expect(result.counts).toEqual(expected(fromId, toId, bytesOf(fromId, toId)));
    expect(store.rows.size).toBe(toId - fromId + 1);
  });

  it('fails retryably when the store fails, with the checkpoint before the failed batch', async () => {
    const store = new RecordingStore();
    store.failOnBatch = 2;
    const { env } = environment();
    const failure = await failureOf(
      run(env, activities(store).ingestItems, { fromId: 1001, toId: 1500, batchSize: 100 }),
    );
    expect(failure.type).toBe(FAILURE_TYPES.storeFailed);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toMatch(/disk full/);
    expect((failure.details as [IngestCheckpoint])[0].nextId).toBe(1201);
    expect(store.rows.size).toBe(200);
  });

  it('fails for good, saying so, when the SQLite file cannot grow (disk full)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hn-full-'));
    const filename = join(dir, 'hn.db');
    const store = await createStore({ kind: 'sqlite', filename });
    try {
      // A real SQLITE_FULL: the file may grow by 20 pages, far less than 5,000 items take.
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(store.db);
      await sql.raw(`pragma max_page_count = ${rows[0]!.page_count + 20}`).execute(store.db);
      const { env } = environment();
      const failure = await failureOf(
        run(env, activities(store).ingestItems, { fromId: 1001, toId: 6000, batchSize: 250 }),
      );
      expect(failure.type).toBe(FAILURE_TYPES.storeFailed);
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toContain(`disk full: the disk of the SQLite file ${filename}`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps memory flat: fetching runs at most about two batches ahead of storing', async () => {
    const store = new RecordingStore();
    store.saveDelayMs = 20;
    const gaps: number[] = [];
    store.onSave = () => {
      const requested = Object.keys(api.stats().byItem).map(Number);
      const stored = store.batches.length * 50;
      gaps.push(Math.max(...requested) - (7001 + stored));
    };
    const { env } = environment();
    await run(env, activities(store).ingestItems, {
      fromId: 7001,
      toId: 9000,
      concurrency: 20,
      batchSize: 50,
    });
    // At most max(2 × batch, batch + concurrency) = 100 ids are fetched and not yet stored.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(100);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(50);
  });

  it('aborts in-flight requests when cancelled', async () => {
    const store = new RecordingStore();
    api.setFaults({ latencyMs: 5_000 });
    const { env } = environment();
    const pending = run(env, activities(store).ingestItems, {
      fromId: 8001,
      toId: 8100,
      concurrency: 10,
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(api.stats().inFlight).toBe(10);
    const started = Date.now();
    env.cancel();
    await expect(pending).rejects.toBeInstanceOf(CancelledFailure);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(store.rows.size).toBe(0);
  });

  it('stores nothing and makes no request for an empty range', async () => {
    const store = new RecordingStore();
    const { env } = environment();
    const result = await run(env, activities(store).ingestItems, { fromId: 10, toId: 9 });
    expect(result).toMatchObject({ nextId: 10, counts: expected(1, 0, 0) });
    expect(api.stats().totalRequests).toBe(0);
    expect(store.batches).toEqual([]);
  });

  it('rejects bad input and a worker without an item store, before any request', async () => {
    const { env } = environment();
    const bad = await failureOf(
      run(env, activities(new RecordingStore()).ingestItems, {
        fromId: 0,
        toId: 20_000,
        batchSize: 5_000,
      }),
    );
    expect(bad.type).toBe(FAILURE_TYPES.invalidInput);
    expect(bad.message).toMatch(/fromId/);
    expect(bad.message).toMatch(/batchSize/);
    const missing = await failureOf(run(env, activities().ingestItems, { fromId: 1, toId: 10 }));
    expect(missing.type).toBe(FAILURE_TYPES.itemStoreMissing);
    expect(missing.nonRetryable).toBe(true);
    expect(api.stats().totalRequests).toBe(0);
  });
});

describe('recordPartition', () => {
  it('saves the partition through the item store, and validates it first', async () => {
    const store = new RecordingStore();
    const { env } = environment();
    const record: IngestPartitionRecord = {
      key: 'ids:1..10',
      windowStart: null,
      windowEnd: null,
      fromId: 1,
      toId: 10,
      status: 'running',
      counts: null,
      workflowId: 'wf',
      runId: 'run',
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: null,
    };
    await run(env, activities(store).recordPartition, record);
    expect(store.partitions).toEqual([record]);
    const bad = await failureOf(
      run(env, activities(store).recordPartition, { ...record, status: 'done' as never }),
    );
    expect(bad.type).toBe(FAILURE_TYPES.invalidInput);
    expect(store.partitions).toHaveLength(1);
  });
});

describe('maxItem', () => {
  it('rejects a maxitem answer that is not a non-negative integer', async () => {
    const server = await startFakeHackerNewsApi({
      handler: (path, _req, res) => sendJson(res, path === '/maxitem.json' ? '42' : null),
    });
    const local = createHackerNewsClient({ baseUrl: server.baseUrl });
    try {
      await expect(local.maxItem()).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
      server.setHandler((_path, _req, res) => sendJson(res, 42));
      await expect(local.maxItem()).resolves.toBe(42);
    } finally {
      await local.close();
      await server.close();
    }
  });
});
