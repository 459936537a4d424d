import { SETTLE_AGES_SECONDS } from '@hn/contract';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createFollowStore, createMigrator, createStore, type SqlStore } from '../src/index';
import { SKIP_POSTGRES, STORE_KINDS, useDatabases } from './databases';
import { makeItem } from './items-fixtures';

const HOUR = 3_600;
const NOW = 1_800_000_000;

for (const kind of STORE_KINDS) {
  describe.skipIf(kind === 'postgres' && SKIP_POSTGRES)(`item fetches on ${kind}`, () => {
    const databases = useDatabases(kind);
    const withStore = async (fn: (store: SqlStore) => Promise<void>): Promise<void> => {
      const store = await createStore(await databases.newConfig());
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    };
    const row = (store: SqlStore, id: number) =>
      store.db
        .selectFrom('items')
        .select(['fetched_at', 'first_fetched_at', 'fetch_count', 'next_settle_at', 'score'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
        .then((r) => ({
          fetched_at: Number(r.fetched_at),
          first_fetched_at: Number(r.first_fetched_at),
          fetch_count: Number(r.fetch_count),
          next_settle_at: r.next_settle_at === null ? null : Number(r.next_settle_at),
          score: r.score,
        }));

    it('keeps when an item was first and last fetched and how often; the same batch again counts once', async () => {
      await withStore(async (store) => {
        const time = NOW - 10 * 60;
        const first = makeItem(5, { type: 'story', time, score: 1, fetchedAt: NOW * 1000 });
        await store.saveItems([first]);
        await store.saveItems([first]);
        expect(await row(store, 5)).toEqual({
          fetched_at: NOW * 1000,
          first_fetched_at: NOW * 1000,
          fetch_count: 1,
          next_settle_at: time + HOUR,
          score: 1,
        });
        const later = { ...first, score: 40, fetchedAt: (time + HOUR + 5) * 1000 };
        await store.saveItems([later]);
        expect(await row(store, 5)).toEqual({
          fetched_at: later.fetchedAt,
          first_fetched_at: NOW * 1000,
          fetch_count: 2,
          next_settle_at: time + 24 * HOUR,
          score: 40,
        });
        // An older fetch arriving late changes nothing, its count neither.
        await store.saveItems([{ ...first, score: 3, fetchedAt: NOW * 1000 + 1 }]);
        expect((await row(store, 5)).fetch_count).toBe(2);
      });
    });

    it('lists the items due to settle, most overdue first, and none after the last age', async () => {
      await withStore(async (store) => {
        const follow = createFollowStore(store.db);
        const ages = SETTLE_AGES_SECONDS;
        const last = ages[ages.length - 1] as number;
        await store.saveItems([
          // Fetched at one minute old: due at one hour.
          makeItem(1, { time: NOW - 2 * HOUR, fetchedAt: (NOW - 2 * HOUR + 60) * 1000 }),
          // Fetched at two hours: due at a day, not yet.
          makeItem(2, { time: NOW - 3 * HOUR, fetchedAt: (NOW - HOUR) * 1000 }),
          // Fetched at one minute, three days ago: due at one hour, long overdue.
          makeItem(3, { time: NOW - 3 * 24 * HOUR, fetchedAt: (NOW - 3 * 24 * HOUR + 60) * 1000 }),
          // Past its last age: settled.
          makeItem(4, { time: NOW - last - 10, fetchedAt: NOW * 1000 }),
          // Deleted: never again.
          makeItem(6, { time: NOW - 2 * HOUR, deleted: true, fetchedAt: (NOW - 2 * HOUR) * 1000 }),
        ]);
        expect(await follow.itemsDueToSettle(NOW, 10)).toEqual([3, 1]);
        expect(await follow.itemsDueToSettle(NOW, 1)).toEqual([3]);
        await store.saveItems([makeItem(3, { time: NOW - 3 * 24 * HOUR, fetchedAt: NOW * 1000 })]);
        expect((await row(store, 3)).next_settle_at).toBe(NOW - 3 * 24 * HOUR + last);
        expect(await follow.itemsDueToSettle(NOW, 10)).toEqual([1]);
      });
    });

    it('stores a follower cursor per key', async () => {
      await withStore(async (store) => {
        const follow = createFollowStore(store.db);
        expect(await follow.followCursor('a')).toBeNull();
        await follow.saveFollowCursor('a', 100);
        await follow.saveFollowCursor('a', 250);
        await follow.saveFollowCursor('b', 7);
        expect(await follow.followCursor('a')).toBe(250);
        expect(await follow.followCursor('b')).toBe(7);
        await expect(follow.saveFollowCursor('a', 0)).rejects.toMatchObject({
          code: 'INVALID_ARGUMENT',
        });
      });
    });

    it("stores where each follower starts: its first id stays while it resumes at its cursor, the lowest one is the followers' start", async () => {
      await withStore(async (store) => {
        const follow = createFollowStore(store.db);
        expect(await follow.followStart()).toBeNull();
        await follow.startFollow('a', 500);
        expect(await follow.followCursor('a')).toBe(500);
        expect(await follow.followStart()).toBe(500);
        await follow.saveFollowCursor('a', 900);
        // Resumed at its stored cursor: the ids from 500 are still its own.
        await follow.startFollow('a', 900);
        expect(await follow.followStart()).toBe(500);
        // Started elsewhere (a later fromId): it starts there.
        await follow.startFollow('a', 2_000);
        expect(await follow.followCursor('a')).toBe(2_000);
        expect(await follow.followStart()).toBe(2_000);
        await follow.startFollow('b', 1_500);
        expect(await follow.followStart()).toBe(1_500);
        await expect(follow.startFollow('a', 0)).rejects.toMatchObject({
          code: 'INVALID_ARGUMENT',
        });
      });
    });

    it('migrates stored items: one fetch each, first made at fetched_at, due at their next age', async () => {
      const config = await databases.newConfig();
      const old = await createStore(config, { migrate: false });
      try {
        expect((await createMigrator(old.db).migrateTo('0002_items')).error).toBeUndefined();
        const fetchedAt = (NOW - 2 * HOUR + 60) * 1000;
        for (const [id, time] of [
          [1, NOW - 2 * HOUR],
          [2, NOW - 100 * 24 * HOUR],
        ] as const) {
          await sql`insert into items (id, status, type, time, deleted, dead, fetched_at)
            values (${id}, 'item', 'story', ${time}, 0, 0, ${fetchedAt})`.execute(old.db);
        }
      } finally {
        await old.close();
      }
      const store = await createStore(config);
      try {
        expect(await row(store, 1)).toMatchObject({
          first_fetched_at: (NOW - 2 * HOUR + 60) * 1000,
          fetch_count: 1,
          next_settle_at: NOW - 2 * HOUR + HOUR,
        });
        expect((await row(store, 2)).next_settle_at).toBeNull();
      } finally {
        await store.close();
      }
    });

    it("migrates stored follow cursors: a follower's first id is its cursor", async () => {
      const config = await databases.newConfig();
      const old = await createStore(config, { migrate: false });
      try {
        expect((await createMigrator(old.db).migrateTo('0005_item_fetches')).error).toBeUndefined();
        await sql`insert into follow_cursors (key, cursor, updated_at)
          values ('a', 4200, '2026-01-01T00:00:00.000Z')`.execute(old.db);
      } finally {
        await old.close();
      }
      const store = await createStore(config);
      try {
        const follow = createFollowStore(store.db);
        expect(await follow.followStart()).toBe(4200);
        expect(await follow.followCursor('a')).toBe(4200);
      } finally {
        await store.close();
      }
    });
  });
}
