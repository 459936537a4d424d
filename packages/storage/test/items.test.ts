import type { IngestCounts, IngestPartitionRecord, ItemRecord } from '@hn/contract';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type SqlStore, StorageError } from '../src/index';
import { SKIP_POSTGRES, STORE_KINDS, useDatabases } from './databases';
import { makeItem, makeItemRange, makeMissing } from './items-fixtures';

const COUNTS: IngestCounts = {
  items: 970,
  byType: { story: 79, comment: 891, job: 0, poll: 0, pollopt: 0 },
  deleted: 75,
  dead: 57,
  missing: 20,
  invalid: 10,
  bytes: 123_456,
};

function makePartition(overrides: Partial<IngestPartitionRecord> = {}): IngestPartitionRecord {
  return {
    key: 'window:2025-01-01T00:00:00.000Z/2025-01-01T01:00:00.000Z',
    windowStart: '2025-01-01T00:00:00.000Z',
    windowEnd: '2025-01-01T01:00:00.000Z',
    fromId: 1,
    toId: 1000,
    status: 'running',
    counts: null,
    workflowId: 'hn-ingest',
    runId: 'run-1',
    startedAt: '2025-02-01T00:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}

/** A window partition of the given hour of 2025-01-01 covering ids `fromId..toId`. */
function hour(h: number, fromId: number, toId: number): IngestPartitionRecord {
  const at = (n: number) => new Date(Date.UTC(2025, 0, 1, n)).toISOString();
  return makePartition({
    key: `window:${at(h)}/${at(h + 1)}`,
    windowStart: at(h),
    windowEnd: at(h + 1),
    fromId,
    toId,
  });
}

for (const kind of STORE_KINDS) {
  describe.skipIf(kind === 'postgres' && SKIP_POSTGRES)(`items on ${kind}`, () => {
    const databases = useDatabases(kind);
    let store: SqlStore;

    beforeEach(async () => {
      store = await createStore(await databases.newConfig());
    });
    afterEach(async () => {
      await store?.close();
    });

    const itemCount = async () => (await store.countRows()).items;
    const storedRow = (id: number) =>
      store.db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();

    describe('saveItems', () => {
      it('stores every field of an item and reads it back as written', async () => {
        const story = makeItem(7, {
          type: 'story',
          by: 'pg',
          time: 1_175_714_200,
          title: 'My YC app: Dropbox – Throw away your USB drive',
          url: 'https://example.com/dropbox',
          text: 'Ünïcödé <i>and</i> 日本語 & "quotes"',
          score: 111,
          descendants: 71,
          parent: null,
          kids: [9, 8, 10],
          truncated: ['text'],
          fetchedAt: 1_750_000_123_456,
        });
        const poll = makeItem(126_809, {
          type: 'poll',
          parts: [126_810, 126_811],
          kids: null,
          parent: null,
          deleted: true,
          dead: true,
        });
        const option = makeItem(126_810, { type: 'pollopt', poll: 126_809, kids: null });
        const invalid: ItemRecord = { ...makeMissing(3), status: 'invalid', detail: 'not JSON' };
        expect(await store.saveItems([option, story, invalid, poll, makeMissing(2)])).toEqual({
          written: 5,
        });

        expect(await storedRow(7)).toEqual({
          id: 7,
          status: 'item',
          type: 'story',
          by: 'pg',
          time: 1_175_714_200,
          title: 'My YC app: Dropbox – Throw away your USB drive',
          url: 'https://example.com/dropbox',
          text: 'Ünïcödé <i>and</i> 日本語 & "quotes"',
          score: 111,
          descendants: 71,
          parent: null,
          poll: null,
          kids: '[9,8,10]',
          parts: null,
          deleted: 0,
          dead: 0,
          truncated: '["text"]',
          detail: null,
          fetched_at: 1_750_000_123_456,
          // An item fetched years after its time has no settling age left.
          first_fetched_at: 1_750_000_123_456,
          fetch_count: 1,
          next_settle_at: null,
        });
        expect(await storedRow(126_809)).toMatchObject({
          type: 'poll',
          parts: '[126810,126811]',
          kids: null,
          deleted: 1,
          dead: 1,
        });
        expect(await storedRow(126_810)).toMatchObject({ type: 'pollopt', poll: 126_809 });
        expect(await storedRow(3)).toMatchObject({
          status: 'invalid',
          type: null,
          detail: 'not JSON',
        });
        expect(await storedRow(2)).toMatchObject({ status: 'missing', time: null, kids: null });
        expect(await itemCount()).toBe(5);
      });

      it('writes a batch of 1,000 twice and stores each id once, unchanged', async () => {
        const batch = makeItemRange(1, 1000);
        expect(await store.saveItems(batch)).toEqual({ written: 1000 });
        const first = await store.db.selectFrom('items').selectAll().orderBy('id').execute();
        expect(await store.saveItems(batch)).toEqual({ written: 1000 });
        expect(await store.db.selectFrom('items').selectAll().orderBy('id').execute()).toEqual(
          first,
        );
        expect(await itemCount()).toBe(1000);
      });

      it('updates stored ids with a later fetch, and ignores an earlier one', async () => {
        await store.saveItems([makeItem(1, { score: 1, fetchedAt: 2000 }), makeItem(2)]);
        const late = [makeItem(1, { score: 2, fetchedAt: 1000 }), makeItem(3, { fetchedAt: 1 })];
        expect(await store.saveItems(late)).toEqual({ written: 1 });
        expect(await storedRow(1)).toMatchObject({ score: 1, fetched_at: 2000 });

        const newer = makeItem(1, { score: 3, dead: true, kids: null, fetchedAt: 3000 });
        expect(await store.saveItems([newer])).toEqual({ written: 1 });
        expect(await storedRow(1)).toMatchObject({ score: 3, dead: 1, kids: null });
        expect(await itemCount()).toBe(3);
      });

      it('splits a batch larger than the bound-parameter limit into several statements', async () => {
        // 19 columns × 4000 rows = 76,000 parameters: beyond SQLite's 32,766 and PostgreSQL's
        // 65,535 in one statement.
        expect(await store.saveItems(makeItemRange(1, 4000))).toEqual({ written: 4000 });
        const stats = await store.itemStats({ fromId: 1, toId: 4000 });
        expect(stats).toMatchObject({ rows: 4000, gaps: 0, minId: 1, maxId: 4000 });
      });

      it('rolls back the whole batch when a later statement fails, updates included', async () => {
        await store.saveItems(makeItemRange(1, 10));
        const before = await store.db.selectFrom('items').selectAll().orderBy('id').execute();
        // A trigger stands in for any database-side failure in the last INSERT of the batch.
        if (kind === 'sqlite') {
          await sql`create trigger reject_4000 before insert on items when new.id = 4000
            begin select raise(abort, 'id 4000 rejected'); end`.execute(store.db);
        } else {
          await sql`create function reject_4000() returns trigger language plpgsql as $$
            begin raise exception 'id 4000 rejected'; end $$`.execute(store.db);
          await sql`create trigger reject_4000 before insert on items for each row
            when (new.id = 4000) execute function reject_4000()`.execute(store.db);
        }
        const batch = makeItemRange(1, 4000).map((item) => ({ ...item, score: 42, fetchedAt: 9 }));
        const error = await store.saveItems(batch).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StorageError);
        expect(error).toMatchObject({ code: 'SAVE_FAILED' });
        expect((error as Error).message).toMatch(
          /4000 items \(ids 1 to 4000\) failed and was rolled back.*id 4000 rejected/,
        );
        expect(await store.db.selectFrom('items').selectAll().orderBy('id').execute()).toEqual(
          before,
        );
        expect(await itemCount()).toBe(10);
      });

      it('accepts an empty batch', async () => {
        expect(await store.saveItems([])).toEqual({ written: 0 });
      });

      it.each<[string, unknown, RegExp]>([
        ['an id of 0', { id: 0 }, /index 1: `id` must be an integer from 1 to 2147483647, got 0/],
        ['a fractional id', { id: 1.5 }, /`id` must be an integer.*got 1\.5/],
        ['an id beyond 32 bits', { id: 2 ** 31 }, /`id` must be an integer.*got 2147483648/],
        ['an id as text', { id: '5' }, /`id` must be an integer.*got "5"/],
        ['an unknown status', { status: 'gone' }, /\(id 2\): `status` must be "item".*got "gone"/],
        [
          'an unknown type',
          { type: 'article' },
          /`type` must be "story", .* or null, got "article"/,
        ],
        ['a number as author', { by: 7 }, /`by` must be a string or null, got 7/],
        ['a NUL character', { text: 'a\u0000b' }, /`text` must be text without NUL/],
        ['a time as text', { time: '1700000000' }, /`time` must be Unix seconds/],
        ['a fractional score', { score: 1.5 }, /`score` must be a 32-bit integer/],
        ['a parent of 0', { parent: 0 }, /`parent` must be an item id or null, got 0/],
        ['a kid that is not an id', { kids: [3, '4'] }, /`kids` must be an array of item ids/],
        ['parts that are not an array', { parts: 5 }, /`parts` must be an array of item ids/],
        ['a flag as text', { deleted: 'false' }, /`deleted` must be a boolean, got "false"/],
        ['a missing flag', { dead: undefined }, /`dead` must be a boolean, got undefined/],
        ['truncated not names', { truncated: [1] }, /`truncated` must be an array of field names/],
        ['a negative fetch time', { fetchedAt: -1 }, /`fetchedAt` must be Unix milliseconds/],
      ])('rejects %s before writing anything', async (_, overrides, message) => {
        const bad: ItemRecord = { ...makeItem(2), ...(overrides as object) };
        const error = await store.saveItems([makeItem(1), bad]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StorageError);
        expect(error).toMatchObject({ code: 'INVALID_ITEMS' });
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).toMatch(/Nothing was written\.$/);
        expect(await itemCount()).toBe(0);
      });

      it('rejects a batch that holds an id twice, or is not an array of items', async () => {
        await expect(
          store.saveItems([makeItem(1), makeItem(2), makeItem(1, { score: 5 })]),
        ).rejects.toThrow(/id 1 appears twice \(at index 0 and 2\)/);
        await expect(store.saveItems([makeItem(1), null as unknown as ItemRecord])).rejects.toThrow(
          /item at index 1 is null/,
        );
        const error = await store.saveItems({} as unknown as ItemRecord[]).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'INVALID_ITEMS' });
        expect((error as Error).message).toMatch(/expected an array of ItemRecord, got an object/);
        expect(await itemCount()).toBe(0);
      });
    });

    describe('savePartition and listPartitions', () => {
      it('upserts a partition by key: running, then completed with its counts', async () => {
        const before = new Date().toISOString();
        await store.savePartition(makePartition());
        const [running] = await store.listPartitions();
        const { updatedAt: firstUpdate, ...first } = running!;
        expect(first).toEqual({ ...makePartition(), maxItem: null });
        expect(firstUpdate >= before && firstUpdate <= new Date().toISOString()).toBe(true);

        const completed = makePartition({
          status: 'completed',
          counts: COUNTS,
          finishedAt: '2025-02-01T00:05:00Z',
        });
        await store.savePartition(completed);
        const partitions = await store.listPartitions();
        expect(partitions).toHaveLength(1);
        const { updatedAt, ...stored } = partitions[0]!;
        expect(stored).toEqual({
          ...completed,
          finishedAt: '2025-02-01T00:05:00.000Z',
          maxItem: null,
        });
        expect(updatedAt >= firstUpdate).toBe(true);
        expect((await store.countRows()).ingest_partitions).toBe(1);
      });

      it('lists windows by start, then id ranges, and filters windows overlapping [from, to)', async () => {
        const idRange = makePartition({
          key: 'ids:5000..5999',
          windowStart: null,
          windowEnd: null,
          fromId: 5000,
          toId: 5999,
        });
        await store.savePartition(idRange);
        await store.savePartition(hour(2, 301, 400));
        await store.savePartition(hour(0, 1, 200));
        await store.savePartition(hour(1, 201, 300));
        const keys = async (filter?: Parameters<SqlStore['listPartitions']>[0]) =>
          (await store.listPartitions(filter)).map((partition) => partition.fromId);

        expect(await keys()).toEqual([1, 201, 301, 5000]);
        expect(await keys({ from: '2025-01-01T01:00:00Z', to: '2025-01-01T02:00:00Z' })).toEqual([
          201,
        ]);
        expect(await keys({ from: new Date(Date.UTC(2025, 0, 1, 0, 30)) })).toEqual([1, 201, 301]);
        expect(await keys({ to: '2025-01-01T01:00:00.000Z' })).toEqual([1]);
        expect(await keys({ from: '2025-01-01T01:30:00Z', to: '2025-01-01T01:45:00Z' })).toEqual([
          201,
        ]);
        expect(await keys({ from: '2025-01-01T03:00:00Z' })).toEqual([]);
      });

      it('finds which keys are completed, reading keys only, in slices past 500 keys', async () => {
        // The items of hours 0 to 3, ids 1..40, ten an hour, timed inside their hour.
        await store.saveItems(
          Array.from({ length: 40 }, (_, i) =>
            makeItem(i + 1, { time: Date.UTC(2025, 0, 1, Math.floor(i / 10), i) / 1000 }),
          ),
        );
        await store.savePartition({ ...hour(0, 1, 10), status: 'completed', counts: COUNTS });
        await store.savePartition(hour(1, 11, 20)); // running
        await store.savePartition({ ...hour(2, 21, 30), status: 'failed', counts: COUNTS });
        await store.savePartition({ ...hour(3, 31, 40), status: 'completed', counts: COUNTS });
        const keys = [0, 1, 2, 3, 4].map((h) => hour(h, 1, 1).key);
        expect(await store.completedPartitionKeys(keys)).toEqual([keys[0], keys[3]]);
        expect(await store.completedPartitionKeys([])).toEqual([]);
        // 1,200 unknown keys around a known one: three slices, the one key found once.
        const many = Array.from({ length: 1_200 }, (_, i) => `window:unknown-${i}`);
        many.splice(700, 0, keys[3]!, keys[3]!);
        expect(await store.completedPartitionKeys(many)).toEqual([keys[3]]);
        const error = await store
          .completedPartitionKeys([1] as unknown as string[])
          .catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
      });

      it('stores an empty id range (toId = fromId - 1)', async () => {
        await store.savePartition(makePartition({ fromId: 501, toId: 500 }));
        expect(await store.listPartitions()).toMatchObject([{ fromId: 501, toId: 500 }]);
      });

      it.each<[string, Partial<IngestPartitionRecord> | null, RegExp]>([
        ['no record', null, /Cannot save this partition: expected an IngestPartitionRecord/],
        ['an empty key', { key: '' }, /`key` must be a non-empty string/],
        ['a window without an end', { windowEnd: null }, /both be timestamps .* or both null/],
        ['a window start that is not a time', { windowStart: 'noon' }, /`windowStart` must be/],
        [
          'a window ending before it starts',
          { windowEnd: '2024-12-31T00:00:00Z' },
          /ends .* before it starts/,
        ],
        [
          'an id range ending before fromId - 1',
          { fromId: 10, toId: 8 },
          /`toId` must be .* got 8/,
        ],
        ['fromId 0', { fromId: 0 }, /`fromId` must be an integer from 1/],
        [
          'an unknown status',
          { status: 'done' as 'completed' },
          /`status` must be "running", "completed", "failed", got "done"/,
        ],
        [
          'counts without byType',
          { counts: { ...COUNTS, byType: undefined } as unknown as IngestCounts },
          /`counts.byType` must be an object/,
        ],
        [
          'a negative count',
          { counts: { ...COUNTS, missing: -1 } },
          /`counts.missing` must be a non-negative integer, got -1/,
        ],
        ['an empty run id', { runId: '' }, /`runId` must be a non-empty string/],
        [
          'a start that is not a time',
          { startedAt: 'soon' },
          /`startedAt` must be an ISO-8601 timestamp, got "soon"/,
        ],
      ])('rejects %s before writing anything', async (_, overrides, message) => {
        const record = overrides === null ? null : makePartition(overrides);
        const error = await store
          .savePartition(record as IngestPartitionRecord)
          .catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'INVALID_PARTITION' });
        expect((error as Error).message).toMatch(message);
        expect((await store.countRows()).ingest_partitions).toBe(0);
      });

      it('rejects a bound that is not a timestamp', async () => {
        const error = await store.listPartitions({ from: 'yesterday' }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
        expect((error as Error).message).toMatch(
          /`from` must be an ISO-8601 timestamp or a Date, got "yesterday"/,
        );
      });
    });

    describe('itemStats', () => {
      it('counts a complete range by status and type, with no gap', async () => {
        for (let from = 1; from <= 1000; from += 250) {
          await store.saveItems(makeItemRange(from, from + 249));
        }
        const { bytes: _bytes, ...counts } = COUNTS;
        expect(await store.itemStats({ fromId: 1, toId: 1000 })).toEqual({
          fromId: 1,
          toId: 1000,
          ids: 1000,
          rows: 1000,
          gaps: 0,
          firstGap: null,
          minId: 1,
          maxId: 1000,
          ...counts,
        });
        expect(await store.itemStats({ fromId: 101, toId: 200 })).toMatchObject({
          rows: 100,
          gaps: 0,
          items: 97,
          byType: { story: 8, comment: 89, job: 0, poll: 0, pollopt: 0 },
          deleted: 8,
          dead: 6,
          missing: 2,
          invalid: 1,
        });
      });

      it.each<[string, number[], number, number | null]>([
        ['the first id', [1], 1, 1],
        ['ids in the middle', [500, 501, 502, 700], 4, 500],
        ['the last id', [1000], 1, 1000],
        ['nothing', [], 0, null],
      ])('finds the lowest gap with %s absent', async (_, absent, gaps, firstGap) => {
        const skip = new Set(absent);
        await store.saveItems(makeItemRange(1, 1000).filter((item) => !skip.has(item.id)));
        expect(await store.itemStats({ fromId: 1, toId: 1000 })).toMatchObject({
          ids: 1000,
          rows: 1000 - gaps,
          gaps,
          firstGap,
        });
      });

      it('reports an empty range and a range with no rows', async () => {
        await store.saveItems(makeItemRange(1, 10));
        expect(await store.itemStats({ fromId: 11, toId: 10 })).toMatchObject({
          ids: 0,
          rows: 0,
          gaps: 0,
          firstGap: null,
          minId: null,
        });
        expect(await store.itemStats({ fromId: 20, toId: 29 })).toMatchObject({
          ids: 10,
          rows: 0,
          gaps: 10,
          firstGap: 20,
          items: 0,
          maxId: null,
        });
      });

      it('rejects a range that is not one', async () => {
        for (const range of [
          { fromId: 0, toId: 5 },
          { fromId: 5, toId: 3 },
          { fromId: 1.5, toId: 3 },
        ]) {
          await expect(store.itemStats(range)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        }
      });
    });

    describe('newestItemTime and countRows', () => {
      it('reads the newest creation time among items, ignoring other statuses', async () => {
        expect(await store.newestItemTime()).toBeUndefined();
        await store.saveItems([
          makeItem(5, { time: 2000 }),
          makeItem(9, { time: 1000 }),
          // An invalid id can carry a time from its bad payload: it is not an item.
          { ...makeItem(12, { time: 9999 }), status: 'invalid', detail: 'bad' },
          makeMissing(13),
        ]);
        expect(await store.newestItemTime()).toBe(2000);
      });

      it('counts the item and partition tables with the others', async () => {
        await store.saveItems(makeItemRange(1, 30));
        await store.savePartition(makePartition());
        expect(await store.countRows()).toEqual({
          stories: 0,
          runs: 0,
          run_stories: 0,
          run_skipped: 0,
          word_counts: 0,
          items: 30,
          ingest_partitions: 1,
          follow_cursors: 0,
        });
      });
    });

    it('refuses item work after close', async () => {
      await store.close();
      await expect(store.saveItems([makeItem(1)])).rejects.toMatchObject({ code: 'STORE_CLOSED' });
      await expect(store.savePartition(makePartition())).rejects.toMatchObject({
        code: 'STORE_CLOSED',
      });
      await expect(store.itemStats({ fromId: 1, toId: 1 })).rejects.toMatchObject({
        code: 'STORE_CLOSED',
      });
      await expect(store.newestItemTime()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });
  });
}
