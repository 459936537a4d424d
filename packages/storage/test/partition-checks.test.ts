// The data-quality checks of stored partitions, on SQLite and PostgreSQL, from real rows: a clean
// tiled set passes; a hole between partitions, items timed outside their window, too many ids
// without an item, a range past maxitem and a stale newest partition are each caught; a failing
// check makes the backfill's skip-completed read return the partition for a re-run.
import type { IngestPartitionRecord, ItemRecord, PartitionCheckResult } from '@hn/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countPartitionChecks, createStore, type SqlStore } from '../src/index';
import { SKIP_POSTGRES, STORE_KINDS, useDatabases } from './databases';
import { makeItem, makeMissing } from './items-fixtures';

const HOUR_MS = 3_600_000;
const START = Date.UTC(2025, 0, 1);
/** Half an hour after the third window ends: the newest partition is fresh. */
const NOW = new Date(START + 3.5 * HOUR_MS);

const at = (ms: number) => new Date(ms).toISOString();
const keyOf = (h: number) => `window:${at(START + h * HOUR_MS)}/${at(START + (h + 1) * HOUR_MS)}`;

/** Hour `h` of 2025-01-01 as a completed partition of ids `fromId..toId`. */
function hour(
  h: number,
  fromId: number,
  toId: number,
  overrides: Partial<IngestPartitionRecord> = {},
): IngestPartitionRecord {
  return {
    key: keyOf(h),
    windowStart: at(START + h * HOUR_MS),
    windowEnd: at(START + (h + 1) * HOUR_MS),
    fromId,
    toId,
    status: 'completed',
    counts: null,
    workflowId: `hackernews-ingest/${keyOf(h)}`,
    runId: `run-${h}`,
    startedAt: at(START + 4 * HOUR_MS),
    finishedAt: at(START + 4 * HOUR_MS + 60_000),
    maxItem: 1000,
    ...overrides,
  };
}

/**
 * The items of hour `h`, ids `h*100+1 .. h*100+100`, timed 30 s apart from the window's start,
 * every 50th id null (2%).
 */
function itemsOfHour(h: number): ItemRecord[] {
  const items: ItemRecord[] = [];
  for (let i = 1; i <= 100; i += 1) {
    const id = h * 100 + i;
    const time = Math.floor((START + h * HOUR_MS) / 1000) + (i - 1) * 30;
    items.push(id % 50 === 0 ? makeMissing(id) : makeItem(id, { time }));
  }
  return items;
}

const statusesOf = (results: readonly PartitionCheckResult[], key: string) =>
  Object.fromEntries(
    results.filter((r) => r.partitionKey === key).map((r) => [r.check, r.status] as const),
  );

for (const kind of STORE_KINDS) {
  describe.skipIf(kind === 'postgres' && SKIP_POSTGRES)(`partition checks on ${kind}`, () => {
    const databases = useDatabases(kind);
    let store: SqlStore;
    const keys = [0, 1, 2].map(keyOf);

    beforeEach(async () => {
      store = await createStore(await databases.newConfig());
      for (const h of [0, 1, 2]) {
        await store.saveItems(itemsOfHour(h));
        await store.savePartition(hour(h, h * 100 + 1, h * 100 + 100));
      }
    });
    afterEach(async () => {
      await store?.close();
    });

    it('passes every check of a clean tiled set, and the backfill skips all of it', async () => {
      const results = await store.checkPartitions({ now: NOW });
      // Four checks per partition and one freshness check, on the newest.
      expect(results).toHaveLength(13);
      expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
      expect(results.find((r) => r.check === 'freshness')).toMatchObject({
        partitionKey: keys[2],
        value: 1800,
      });
      expect(
        results.find((r) => r.partitionKey === keys[1] && r.check === 'missing_ids'),
      ).toMatchObject({
        value: 0.02,
      });
      expect(await store.partitionChecks()).toEqual(results);
      expect(await store.completedPartitionKeys(keys)).toEqual([...keys].sort());
      expect(countPartitionChecks(results)).toContainEqual({
        check: 'contiguity',
        status: 'pass',
        partitions: 3,
      });
    });

    it('fails contiguity on both sides of a hole, and the skip-completed read returns them', async () => {
      // The second hour forced to start 4 ids late: 101..104 are in no partition.
      await store.savePartition(hour(1, 105, 200));
      const stored = await store.partitionChecks();
      const contiguity = stored.filter((r) => r.check === 'contiguity');
      expect(contiguity.map((r) => [r.partitionKey, r.status, r.value])).toEqual([
        [keys[0], 'fail', 4],
        [keys[1], 'fail', 4],
        [keys[2], 'pass', 0],
      ]);
      expect(contiguity[1]!.message).toBe(`4 ids (101..104) in no partition after ${keys[0]}`);
      expect(await store.completedPartitionKeys(keys)).toEqual([keys[2]]);
      expect(await store.partitionCheckCounts()).toEqual(
        expect.arrayContaining([
          { check: 'contiguity', status: 'fail', partitions: 2 },
          { check: 'contiguity', status: 'pass', partitions: 1 },
          { check: 'contiguity', status: 'warn', partitions: 0 },
          { check: 'freshness', status: 'fail', partitions: 1 },
        ]),
      );
      expect(await store.partitionCheckCounts()).toHaveLength(15);

      // Run again with the right range: every check passes and nothing is left to re-run.
      await store.savePartition(hour(1, 101, 200));
      expect(
        (await store.checkPartitions({ now: NOW })).filter((r) => r.status !== 'pass'),
      ).toEqual([]);
      expect(await store.completedPartitionKeys(keys)).toEqual([...keys].sort());
    });

    it('fails contiguity on an overlap, naming the shared ids', async () => {
      await store.savePartition(hour(2, 198, 300));
      const results = await store.checkPartitions({ now: NOW });
      expect(
        results.find((r) => r.partitionKey === keys[2] && r.check === 'contiguity'),
      ).toMatchObject({
        status: 'fail',
        value: 3,
        message: `3 ids (198..200) also in ${keys[1]}`,
      });
    });

    it('counts items timed outside the window beyond the tolerance: warn, then fail', async () => {
      const end = Math.floor((START + 2 * HOUR_MS) / 1000);
      // 5 minutes late is inside the 10-minute tolerance; two hours late is not.
      await store.saveItems([makeItem(151, { time: end + 300, fetchedAt: 1_750_000_000_001 })]);
      await store.saveItems([makeItem(152, { time: end + 7200, fetchedAt: 1_750_000_000_001 })]);
      let results = await store.checkPartitions({ now: NOW });
      const times = () =>
        results.find((r) => r.partitionKey === keys[1] && r.check === 'window_times');
      expect(times()).toMatchObject({ status: 'warn', value: 1 });
      expect(times()!.message).toContain('first: id 152 at 2025-01-01T04:00:00.000Z');
      expect(await store.completedPartitionKeys(keys)).toEqual([...keys].sort());

      const early = [153, 154, 155, 156, 157, 158].map((id) =>
        makeItem(id, { time: 1_000, fetchedAt: 1_750_000_000_001 }),
      );
      await store.saveItems(early);
      results = await store.checkPartitions({ now: NOW });
      // 7 of 98 timed items (7.1%) is past the 5% failure threshold.
      expect(times()).toMatchObject({ status: 'fail', value: 7 });
      expect(await store.completedPartitionKeys(keys)).toEqual([keys[0], keys[2]]);
    });

    it('measures the share of ids without an item: warn above 10%, fail above 50%, fail on a missing row', async () => {
      const nulls = (from: number, to: number) =>
        Array.from({ length: to - from + 1 }, (_, i) => makeMissing(from + i, 1_750_000_000_001));
      await store.saveItems(nulls(201, 220));
      let results = await store.checkPartitions({ now: NOW });
      const missing = () =>
        results.find((r) => r.partitionKey === keys[2] && r.check === 'missing_ids');
      expect(missing()).toMatchObject({ status: 'warn', value: 0.22 });

      await store.saveItems(nulls(221, 260));
      results = await store.checkPartitions({ now: NOW });
      expect(missing()).toMatchObject({ status: 'fail', value: 0.61 });
      expect(await store.completedPartitionKeys(keys)).toEqual([keys[0], keys[1]]);

      // A row deleted from under a completed partition.
      await store.db.deleteFrom('items').where('id', '=', 42).execute();
      results = await store.checkPartitions({ now: NOW, to: at(START + HOUR_MS) });
      expect(results.map((r) => r.partitionKey)).toEqual([
        keys[0],
        keys[0],
        keys[0],
        keys[0],
        keys[2],
      ]);
      expect(missing()).toBeUndefined();
      const row = results.find((r) => r.partitionKey === keys[0] && r.check === 'missing_ids');
      expect(row).toMatchObject({ status: 'fail' });
      expect(row!.message).toContain('id 42 is the first with no row');
    });

    it('fails a range past the maxitem it saw, and warns when that maxitem is unknown', async () => {
      await store.savePartition(hour(2, 201, 300, { maxItem: 250 }));
      await store.savePartition(hour(1, 101, 200, { maxItem: null }));
      const stored = await store.partitionChecks();
      const maxitem = (key: string) =>
        stored.find((r) => r.partitionKey === key && r.check === 'maxitem');
      expect(maxitem(keys[2]!)).toMatchObject({
        status: 'fail',
        value: 250,
        message: 'last id 300 is past the maxitem 250 seen at ingest time',
      });
      expect(maxitem(keys[1]!)).toMatchObject({ status: 'warn', value: null });
      expect(maxitem(keys[0]!)).toMatchObject({ status: 'pass', value: 1000 });
      expect((await store.listPartitions()).map((p) => p.maxItem)).toEqual([1000, null, 250]);
    });

    it('checks the freshness of the newest partition only, and does not re-run it for that', async () => {
      const late = new Date(START + 3 * HOUR_MS + 30 * HOUR_MS);
      let results = await store.checkPartitions({ now: late });
      expect(results.filter((r) => r.check === 'freshness')).toEqual([
        expect.objectContaining({ partitionKey: keys[2], status: 'fail', value: 30 * 3600 }),
      ]);
      expect(await store.completedPartitionKeys(keys)).toEqual([...keys].sort());

      results = await store.checkPartitions({ now: new Date(START + 6 * HOUR_MS) });
      expect(statusesOf(results, keys[2]!).freshness).toBe('warn');

      // A newer partition takes the freshness row over: one row in the table.
      await store.saveItems(itemsOfHour(3));
      await store.savePartition(hour(3, 301, 400));
      const freshness = (await store.partitionChecks()).filter((r) => r.check === 'freshness');
      expect(freshness.map((r) => r.partitionKey)).toEqual([keyOf(3)]);
    });

    it('checks neighbours saved at the same moment without a deadlock, one row per check', async () => {
      for (let round = 0; round < 10; round += 1) {
        await Promise.all(
          [0, 1, 2].map((h) => store.savePartition(hour(h, h * 100 + 1, h * 100 + 100))),
        );
      }
      const stored = await store.partitionChecks();
      expect(stored).toHaveLength(13);
      expect(stored.filter((r) => r.check === 'contiguity').map((r) => r.status)).toEqual([
        'pass',
        'pass',
        'pass',
      ]);
    });

    it('leaves partitions that are not completed alone, and rejects bad arguments', async () => {
      await store.savePartition(hour(3, 301, 400, { status: 'running', finishedAt: null }));
      const results = await store.checkPartitions({ now: NOW });
      expect(results.some((r) => r.partitionKey === keyOf(3))).toBe(false);
      await expect(store.checkPartitions({ from: 'yesterday' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(
        store.checkPartitions({ thresholds: { missingFailShare: -1 } }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });
}
