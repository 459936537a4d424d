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
      checkId('cursor', cursor);
      const updatedAt = new Date().toISOString();
      await db
        .insertInto('follow_cursors')
        .values({ key, cursor, first_id: cursor, updated_at: updatedAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ cursor, updated_at: updatedAt }))
        .execute();
    },

    async startFollow(key, firstId) {
      checkId('first id', firstId);
      const updatedAt = new Date().toISOString();
      // Resuming where the stored cursor stands keeps the stored first id: the ids between are
      // the follower's already.
      await db
        .insertInto('follow_cursors')
        .values({ key, cursor: firstId, first_id: firstId, updated_at: updatedAt })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            cursor: firstId,
            first_id: eb
              .case()
              .when(eb.ref('follow_cursors.cursor'), '=', firstId)
              .then(eb.fn.coalesce('follow_cursors.first_id', eb.val(firstId)))
              .else(eb.val(firstId))
              .end(),
            updated_at: updatedAt,
          })),
        )
        .execute();
    },

    async followStart() {
      const row = await db
        .selectFrom('follow_cursors')
        .select((eb) => eb.fn.min('first_id').as('first'))
        .executeTakeFirst();
      return row?.first === null || row?.first === undefined ? null : Number(row.first);
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

function checkId(what: string, id: number): void {
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new StorageError(
      'INVALID_ARGUMENT',
      `A follow ${what} is an item id from 1, got ${String(id)}; nothing was written.`,
    );
  }
}
