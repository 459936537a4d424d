import {
  ITEM_STATUSES,
  ITEM_TYPES,
  nextSettleAt,
  type ItemRecord,
  type SaveItemsResult,
} from '@hn/contract';
import { CompiledQuery, type Insertable, type Kysely, sql } from 'kysely';
import type { StoreKind } from '../config';
import { StorageError } from '../errors';
import type { Database, ItemsTable } from '../schema';
import { inTransaction } from './transaction';
import { describe, isIntegerIn, MAX_INT4 } from './values';

/** Bound parameters one statement may carry: SQLite's default limit, and PostgreSQL's. */
const PARAMETER_LIMITS: Record<StoreKind, number> = { sqlite: 32_766, postgres: 65_535 };

/** Columns of `items`, hence parameters per row. */
const ITEM_COLUMNS = 21;

/** Rows per INSERT for a dialect: as many as its parameter limit allows. */
export function itemChunkRows(kind: StoreKind): number {
  return Math.floor(PARAMETER_LIMITS[kind] / ITEM_COLUMNS);
}

/** The columns an upsert writes, in the order of each row's parameters. */
const INSERT_COLUMNS = [
  'id',
  'status',
  'type',
  'by',
  'time',
  'title',
  'url',
  'text',
  'score',
  'descendants',
  'parent',
  'poll',
  'kids',
  'parts',
  'deleted',
  'dead',
  'truncated',
  'detail',
  'fetched_at',
  'first_fetched_at',
  'next_settle_at',
] as const satisfies readonly (keyof ItemsTable)[];

/**
 * Upserts items by id in one transaction, in multi-row INSERTs of {@link itemChunkRows} rows.
 * An item fetched earlier than the stored row (`fetched_at`) does not replace it, so a retried
 * old batch cannot undo a newer one; an equal or later fetch does, so writing a batch twice
 * leaves the same rows. Rows go in id order so concurrent batches lock shared ids in one order.
 *
 * The statement's text for a number of rows is compiled once per database and kept: building
 * and compiling Kysely's query tree for every batch (one node per value, 21 a row) was a large
 * share of the garbage an ingest made per item.
 *
 * @returns rows inserted or updated (a stale item counts as not written).
 */
export async function saveItemRows(
  db: Kysely<Database>,
  kind: StoreKind,
  items: readonly ItemRecord[],
): Promise<SaveItemsResult> {
  const rows = toItemRows(items);
  if (rows.length === 0) return { written: 0 };
  const chunkRows = itemChunkRows(kind);
  return inTransaction(db, async (trx) => {
    let written = 0;
    for (let start = 0; start < rows.length; start += chunkRows) {
      const chunk = rows.slice(start, start + chunkRows);
      const parameters: unknown[] = [];
      for (const row of chunk) {
        for (const column of INSERT_COLUMNS) parameters.push(row[column] ?? null);
      }
      const result = await trx.executeQuery(
        CompiledQuery.raw(upsertSql(db, chunk.length), parameters),
      );
      written += Number(result.numAffectedRows ?? 0);
    }
    return { written };
  });
}

const upsertSqlCache = new WeakMap<Kysely<Database>, Map<number, string>>();

/** The upsert's SQL text for `rows` rows in `db`'s dialect, compiled once and kept. */
function upsertSql(db: Kysely<Database>, rows: number): string {
  let byRows = upsertSqlCache.get(db);
  if (byRows === undefined) {
    byRows = new Map();
    upsertSqlCache.set(db, byRows);
  }
  const cached = byRows.get(rows);
  if (cached !== undefined) return cached;
  const placeholder = Object.fromEntries(INSERT_COLUMNS.map((column) => [column, null]));
  const compiled = upsertQuery(
    db,
    Array.from({ length: rows }, () => placeholder as unknown as Insertable<ItemsTable>),
  ).compile();
  if (compiled.parameters.length !== rows * INSERT_COLUMNS.length) {
    throw new Error(
      `the items upsert for ${rows} rows has ${compiled.parameters.length} parameters, expected ${rows * INSERT_COLUMNS.length}`,
    );
  }
  byRows.set(rows, compiled.sql);
  return compiled.sql;
}

function upsertQuery(db: Kysely<Database>, rows: Insertable<ItemsTable>[]) {
  return db
    .insertInto('items')
    .columns(INSERT_COLUMNS)
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          type: eb.ref('excluded.type'),
          by: eb.ref('excluded.by'),
          time: eb.ref('excluded.time'),
          title: eb.ref('excluded.title'),
          url: eb.ref('excluded.url'),
          text: eb.ref('excluded.text'),
          score: eb.ref('excluded.score'),
          descendants: eb.ref('excluded.descendants'),
          parent: eb.ref('excluded.parent'),
          poll: eb.ref('excluded.poll'),
          kids: eb.ref('excluded.kids'),
          parts: eb.ref('excluded.parts'),
          deleted: eb.ref('excluded.deleted'),
          dead: eb.ref('excluded.dead'),
          truncated: eb.ref('excluded.truncated'),
          detail: eb.ref('excluded.detail'),
          fetched_at: eb.ref('excluded.fetched_at'),
          next_settle_at: eb.ref('excluded.next_settle_at'),
          // A later fetch counts; the same batch written again does not.
          fetch_count: sql<number>`case when excluded.fetched_at > items.fetched_at then items.fetch_count + 1 else items.fetch_count end`,
        }))
        .where('excluded.fetched_at', '>=', (eb) => eb.ref('items.fetched_at')),
    );
}

const STATUSES: ReadonlySet<unknown> = new Set(ITEM_STATUSES);
const TYPES: ReadonlySet<unknown> = new Set(ITEM_TYPES);
const TEXT_FIELDS = ['by', 'title', 'url', 'text', 'detail'] as const;
const INT4_FIELDS = ['score', 'descendants'] as const;
const ID_FIELDS = ['parent', 'poll'] as const;
const ID_LIST_FIELDS = ['kids', 'parts'] as const;

/**
 * Validates every item before anything is written and builds the rows, sorted by id.
 *
 * @throws {StorageError} `INVALID_ITEMS` naming the first offending item (its index and id)
 *   and field.
 */
export function toItemRows(items: readonly ItemRecord[]): Insertable<ItemsTable>[] {
  if (!Array.isArray(items)) {
    throw invalidItems(`expected an array of ItemRecord, got ${describe(items)}.`);
  }
  const seen = new Map<number, number>();
  const rows = items.map((item: unknown, index) => {
    const row = toItemRow(item, index);
    const earlier = seen.get(row.id);
    if (earlier !== undefined) {
      throw invalidItems(
        `id ${row.id} appears twice (at index ${earlier} and ${index}); a batch holds each id once.`,
      );
    }
    seen.set(row.id, index);
    return row;
  });
  return rows.sort((a, b) => a.id - b.id);
}

function toItemRow(input: unknown, index: number): Insertable<ItemsTable> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidItems(`item at index ${index} is ${describe(input)}, not an ItemRecord.`);
  }
  const item = input as Record<string, unknown>;
  const id = item.id;
  if (!isIntegerIn(id, 1, MAX_INT4)) {
    throw invalidItems(
      `item at index ${index}: \`id\` must be an integer from 1 to ${MAX_INT4}, got ${describe(id)}.`,
    );
  }
  const fail = (field: string, expected: string): never => {
    throw invalidItems(
      `item at index ${index} (id ${id}): \`${field}\` must be ${expected}, got ${describe(item[field])}.`,
    );
  };

  if (!STATUSES.has(item.status)) fail('status', oneOf(ITEM_STATUSES));
  if (item.type !== null && !TYPES.has(item.type)) fail('type', `${oneOf(ITEM_TYPES)} or null`);
  for (const field of TEXT_FIELDS) {
    const value = item[field];
    if (value === null) continue;
    if (typeof value !== 'string') fail(field, 'a string or null');
    // PostgreSQL text cannot hold U+0000; rejecting it here keeps both databases alike.
    else if (value.includes('\u0000')) fail(field, 'text without NUL characters (U+0000)');
  }
  if (item.time !== null && !Number.isSafeInteger(item.time)) {
    fail('time', 'Unix seconds (an integer) or null');
  }
  for (const field of INT4_FIELDS) {
    if (item[field] !== null && !isIntegerIn(item[field], -MAX_INT4 - 1, MAX_INT4)) {
      fail(field, 'a 32-bit integer or null');
    }
  }
  for (const field of ID_FIELDS) {
    if (item[field] !== null && !isIntegerIn(item[field], 1, MAX_INT4)) {
      fail(field, 'an item id or null');
    }
  }
  for (const field of ID_LIST_FIELDS) {
    const value = item[field];
    if (value === null) continue;
    if (!Array.isArray(value) || !value.every((kid) => isIntegerIn(kid, 1, MAX_INT4))) {
      fail(field, 'an array of item ids or null');
    }
  }
  if (typeof item.deleted !== 'boolean') fail('deleted', 'a boolean');
  if (typeof item.dead !== 'boolean') fail('dead', 'a boolean');
  const truncated = item.truncated;
  if (
    truncated !== null &&
    !(Array.isArray(truncated) && truncated.every((name) => typeof name === 'string'))
  ) {
    fail('truncated', 'an array of field names or null');
  }
  if (!Number.isSafeInteger(item.fetchedAt) || (item.fetchedAt as number) < 0) {
    fail('fetchedAt', 'Unix milliseconds (a non-negative integer)');
  }

  const record = item as unknown as ItemRecord;
  return {
    id: record.id,
    status: record.status,
    type: record.type,
    by: record.by,
    time: record.time,
    title: record.title,
    url: record.url,
    text: record.text,
    score: record.score,
    descendants: record.descendants,
    parent: record.parent,
    poll: record.poll,
    kids: json(record.kids),
    parts: json(record.parts),
    deleted: record.deleted ? 1 : 0,
    dead: record.dead ? 1 : 0,
    truncated: json(record.truncated),
    detail: record.detail,
    fetched_at: record.fetchedAt,
    first_fetched_at: record.fetchedAt,
    next_settle_at: nextSettleAt(record, record.fetchedAt),
  };
}

function json(value: readonly unknown[] | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

function oneOf(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function invalidItems(reason: string): StorageError {
  return new StorageError(
    'INVALID_ITEMS',
    `Cannot save these items: ${reason} Nothing was written.`,
  );
}
