import type { FollowStore } from '@hn/contract';
import type { Kysely } from 'kysely';
import { StorageError } from './errors';
import type { Database } from './schema';

/**
 * The follower's reads and writes on a store's database (an `SqlStore`'s `db`): its cursor per
 * key and the items due to settle, which `saveItems` schedules from each item's `time`.
 *
 * @example
 * ```ts
 * const store = await createStore(config);
 * createActivities({ client, items: store, follow: createFollowStore(store.db) });
 * ```
 */
export function createFollowStore(db: Kysely<Database>): FollowStore {
  return {
    async followCursor(key) {
      const row = await db
        .selectFrom('follow_cursors')
        .select('cursor')
        .where('key', '=', key)
        .executeTakeFirst();
      return row === undefined ? null : Number(row.cursor);
    },

    async saveFollowCursor(key, cursor) {
      if (!Number.isSafeInteger(cursor) || cursor < 1) {
        throw new StorageError(
          'INVALID_ARGUMENT',
          `A follow cursor is an item id from 1, got ${String(cursor)}; nothing was written.`,
        );
      }
      const updatedAt = new Date().toISOString();
      await db
        .insertInto('follow_cursors')
        .values({ key, cursor, updated_at: updatedAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ cursor, updated_at: updatedAt }))
        .execute();
    },

    async itemsDueToSettle(nowSeconds, limit) {
      const rows = await db
        .selectFrom('items')
        .select('id')
        .where('next_settle_at', 'is not', null)
        .where('next_settle_at', '<=', nowSeconds)
        .orderBy('next_settle_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => Number(row.id));
    },
  };
}
