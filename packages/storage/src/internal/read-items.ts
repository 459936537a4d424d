import {
  type IngestCounts,
  ITEM_TYPES,
  type ItemType,
  type PartitionCheckName,
  type PartitionNeighbour,
} from '@hn/contract';
import { type Kysely, sql } from 'kysely';
import { StorageError } from '../errors';
import type { Database } from '../schema';
import type { IdRange, ItemStats, PartitionFilter, StoredPartition } from '../read-types';
import { describe, isIntegerIn, toIsoTimestamp } from './values';

/** Partitions in window-start order (id ranges after windows, by `fromId`). */
export async function listPartitionRows(
  db: Kysely<Database>,
  filter: PartitionFilter = {},
): Promise<StoredPartition[]> {
  if (typeof filter !== 'object' || filter === null) {
    throw invalidArgument(`listPartitions takes { from?, to? }, got ${describe(filter)}.`);
  }
  const from = optionalInstant('from', filter.from);
  const to = optionalInstant('to', filter.to);
  let query = db.selectFrom('ingest_partitions').selectAll();
  // Overlap with [from, to): an id-range partition has no window, so it never matches.
  if (from !== undefined) query = query.where('window_end', '>', from);
  if (to !== undefined) query = query.where('window_start', '<', to);
  const rows = await query
    // NULLs sort first in SQLite and last in PostgreSQL: order them explicitly.
    .orderBy(sql`case when window_start is null then 1 else 0 end`)
    .orderBy('window_start')
    .orderBy('from_id')
    .orderBy('key')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    fromId: row.from_id,
    toId: row.to_id,
    status: row.status,
    counts: row.counts === null ? null : (JSON.parse(row.counts) as IngestCounts),
    workflowId: row.workflow_id,
    runId: row.run_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    maxItem: row.max_item,
    updatedAt: row.updated_at,
  }));
}

/** Keys per `IN (...)` list: far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
export const MAX_KEYS_PER_QUERY = 500;

/**
 * The keys among `keys` whose partition row is `completed` and fails none of `blockingChecks`,
 * in key order.
 */
export async function completedKeysOf(
  db: Kysely<Database>,
  keys: readonly string[],
  blockingChecks: readonly PartitionCheckName[],
): Promise<string[]> {
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) {
    throw invalidArgument(`completedPartitionKeys takes an array of keys, got ${describe(keys)}.`);
  }
  const found: string[] = [];
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += MAX_KEYS_PER_QUERY) {
    const rows = await db
      .selectFrom('ingest_partitions')
      .select('key')
      .where('status', '=', 'completed')
      .where('key', 'in', unique.slice(i, i + MAX_KEYS_PER_QUERY))
      // A failing check (`partition_checks` rows, one per partition and check, found by their
      // primary key) makes a completed partition one to run again.
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('partition_checks')
              .select(sql.lit(1).as('one'))
              .whereRef('partition_checks.partition_key', '=', 'ingest_partitions.key')
              .where('partition_checks.status', '=', 'fail')
              .where('partition_checks.check_name', 'in', [...blockingChecks]),
          ),
        ),
      )
      .execute();
    for (const row of rows) found.push(row.key);
  }
  return found.sort();
}

/**
 * The `completed` window partitions that start or end at one of `boundaries`, in window order:
 * the neighbours whose stored edges a new partition takes.
 */
export async function completedPartitionsAtOf(
  db: Kysely<Database>,
  boundaries: readonly string[],
): Promise<PartitionNeighbour[]> {
  if (!Array.isArray(boundaries)) {
    throw invalidArgument(
      `completedPartitionsAt takes an array of instants, got ${describe(boundaries)}.`,
    );
  }
  const instants = [
    ...new Set(
      boundaries.map((boundary, index) => {
        const instant = toIsoTimestamp(boundary);
        if (instant === undefined) {
          throw invalidArgument(
            `completedPartitionsAt: boundary ${index} must be an ISO-8601 instant, got ${describe(boundary)}.`,
          );
        }
        return instant;
      }),
    ),
  ];
  const found = new Map<string, PartitionNeighbour>();
  for (let i = 0; i < instants.length; i += MAX_KEYS_PER_QUERY) {
    const slice = instants.slice(i, i + MAX_KEYS_PER_QUERY);
    const rows = await db
      .selectFrom('ingest_partitions')
      .select(['key', 'window_start', 'window_end', 'from_id', 'to_id'])
      .where('status', '=', 'completed')
      .where((eb) => eb.or([eb('window_start', 'in', slice), eb('window_end', 'in', slice)]))
      .execute();
    for (const row of rows) {
      if (row.window_start === null || row.window_end === null) continue;
      found.set(row.key, {
        key: row.key,
        windowStart: row.window_start,
        windowEnd: row.window_end,
        fromId: row.from_id,
        toId: row.to_id,
      });
    }
  }
  return [...found.values()].sort(
    (a, b) => a.windowStart.localeCompare(b.windowStart) || a.key.localeCompare(b.key),
  );
}

/**
 * Counts of an id range in one pass over the primary key; the lowest gap is looked for only
 * when the counts show that there is one.
 */
export async function itemStatsOf(db: Kysely<Database>, range: IdRange): Promise<ItemStats> {
  if (typeof range !== 'object' || range === null) {
    throw invalidArgument(`itemStats takes { fromId, toId }, got ${describe(range)}.`);
  }
  const { fromId, toId } = range;
  if (!isIntegerIn(fromId, 1, Number.MAX_SAFE_INTEGER)) {
    throw invalidArgument(`\`fromId\` must be a positive integer, got ${describe(fromId)}.`);
  }
  if (!isIntegerIn(toId, fromId - 1, Number.MAX_SAFE_INTEGER)) {
    throw invalidArgument(
      `\`toId\` must be an integer of at least fromId - 1 (an empty range), got ${describe(toId)}.`,
    );
  }
  const row = await db
    .selectFrom('items')
    .where('id', '>=', fromId)
    .where('id', '<=', toId)
    .select((eb) => {
      const count = (condition: ReturnType<typeof eb.and>) =>
        eb.fn.sum<number | string | null>(
          eb.case().when(condition).then(eb.lit(1)).else(eb.lit(0)).end(),
        );
      const isItem = eb('status', '=', 'item');
      return [
        eb.fn.countAll<number | string>().as('rows'),
        eb.fn.min('id').as('min_id'),
        eb.fn.max('id').as('max_id'),
        count(eb.and([isItem])).as('items'),
        count(eb.and([eb('status', '=', 'missing')])).as('missing'),
        count(eb.and([eb('status', '=', 'invalid')])).as('invalid'),
        count(eb.and([isItem, eb('deleted', '=', 1)])).as('deleted'),
        count(eb.and([isItem, eb('dead', '=', 1)])).as('dead'),
        ...ITEM_TYPES.map((type) => count(eb.and([isItem, eb('type', '=', type)])).as(type)),
      ];
    })
    .executeTakeFirstOrThrow();
  const numbers = row as unknown as Record<string, number | string | null>;
  const read = (name: string) => Number(numbers[name] ?? 0);
  const ids = toId - fromId + 1;
  const rows = read('rows');
  const minId = row.min_id === null ? null : Number(row.min_id);
  const maxId = row.max_id === null ? null : Number(row.max_id);
  let firstGap: number | null = null;
  if (rows < ids) {
    firstGap = minId === null || minId > fromId ? fromId : await gapAfter(db, fromId, toId);
  }
  return {
    fromId,
    toId,
    ids,
    rows,
    gaps: ids - rows,
    firstGap,
    minId,
    maxId,
    items: read('items'),
    byType: Object.fromEntries(ITEM_TYPES.map((type) => [type, read(type)])) as Record<
      ItemType,
      number
    >,
    deleted: read('deleted'),
    dead: read('dead'),
    missing: read('missing'),
    invalid: read('invalid'),
  };
}

/**
 * The lowest missing id when `fromId` is present: one past the first stored id whose successor
 * is not stored. The successor lookups go by the primary key.
 */
async function gapAfter(db: Kysely<Database>, fromId: number, toId: number): Promise<number> {
  const row = await db
    .selectFrom('items as a')
    .where('a.id', '>=', fromId)
    .where('a.id', '<', toId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('items as b')
            .select(sql.lit(1).as('one'))
            .whereRef('b.id', '=', sql`a.id + 1`),
        ),
      ),
    )
    .select((eb) => eb.fn.min('a.id').as('id'))
    .executeTakeFirstOrThrow();
  return Number(row.id) + 1;
}

/** MAX(time) of items (status `item`), through the partial index on `time`. */
export async function newestItemTimeOf(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db
    .selectFrom('items')
    .where('status', '=', 'item')
    .select((eb) => eb.fn.max('time').as('time'))
    .executeTakeFirstOrThrow();
  return row.time === null ? undefined : Number(row.time);
}

/** `value` as an ISO-8601 UTC timestamp, `undefined` when absent; a bad value is an argument error. */
export function optionalInstant(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const instant = toIsoTimestamp(value);
  if (instant === undefined) {
    throw invalidArgument(
      `\`${name}\` must be an ISO-8601 timestamp or a Date, got ${describe(value)}.`,
    );
  }
  return instant;
}

/** A `StorageError` `INVALID_ARGUMENT` saying `reason`. */
export function invalidArgument(reason: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', reason);
}
