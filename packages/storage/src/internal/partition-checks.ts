import {
  CHECK_STATUSES,
  type CheckStatus,
  PARTITION_CHECK_NAMES,
  type PartitionCheckCount,
  type PartitionCheckName,
  type PartitionCheckResult,
} from '@hn/contract';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, IngestPartitionsTable } from '../schema';
import { invalidArgument, itemStatsOf, optionalInstant } from './read-items';
import { inTransaction } from './transaction';
import { describe } from './values';

export type { PartitionCheckCount };

/** The limits the checks measure against; {@link DEFAULT_CHECK_THRESHOLDS} unless given. */
export interface CheckThresholds {
  /**
   * How far (seconds) an item may be timed outside its partition's window before it counts as
   * outside: clocks lag, and the id space is tiled, so an item timed just past the end may
   * belong to the window. Default 600 (10 minutes).
   */
  timeToleranceSeconds: number;
  /**
   * `window_times` fails when more than this share of the timed items is outside (it warns when
   * any is). Default 0.05.
   */
  outsideFailShare: number;
  /** `missing_ids` warns above this share of ids without an item. Default 0.1. */
  missingWarnShare: number;
  /** `missing_ids` fails above this share. Default 0.5. */
  missingFailShare: number;
  /** `freshness` warns when the newest window ended longer ago than this (seconds). Default 2 h. */
  freshnessWarnSeconds: number;
  /** `freshness` fails past this (seconds). Default 26 h: a day, and a daily run's slack. */
  freshnessFailSeconds: number;
}

/** The thresholds the checks use unless told otherwise. */
export const DEFAULT_CHECK_THRESHOLDS: Readonly<CheckThresholds> = Object.freeze({
  timeToleranceSeconds: 600,
  outsideFailShare: 0.05,
  missingWarnShare: 0.1,
  missingFailShare: 0.5,
  freshnessWarnSeconds: 2 * 3600,
  freshnessFailSeconds: 26 * 3600,
});

/** What {@link runPartitionChecks} checks, and against what. */
export interface CheckPartitionsOptions {
  /** Only partitions whose window ends after this instant (ISO-8601 or a `Date`). */
  from?: string | Date;
  /** Only partitions whose window starts before this instant. */
  to?: string | Date;
  /** The clock of the freshness check. Default: now. */
  now?: Date;
  /** Overrides of {@link DEFAULT_CHECK_THRESHOLDS}. */
  thresholds?: Partial<CheckThresholds>;
}

/**
 * Checks that make a partition count as not completed when they fail (`freshness` is about the
 * store, not the partition: ingesting the newest partition again would not change it).
 */
export const BLOCKING_CHECKS: readonly PartitionCheckName[] = PARTITION_CHECK_NAMES.filter(
  (name) => name !== 'freshness',
);

type PartitionRow = Selectable<IngestPartitionsTable>;

/**
 * Runs every check of the completed partitions in `[from, to)` (all of them without bounds) and
 * the freshness check of the newest, stores the results (a re-run overwrites) and returns them
 * in partition order.
 */
export async function runPartitionChecks(
  db: Kysely<Database>,
  options: CheckPartitionsOptions = {},
): Promise<PartitionCheckResult[]> {
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument(
      `checkPartitions takes { from?, to?, now?, thresholds? }, got ${describe(options)}.`,
    );
  }
  const limits = thresholdsOf(options.thresholds);
  const now = options.now ?? new Date();
  const from = optionalInstant('from', options.from);
  const to = optionalInstant('to', options.to);
  let query = db.selectFrom('ingest_partitions').selectAll().where('status', '=', 'completed');
  if (from !== undefined) query = query.where('window_end', '>', from);
  if (to !== undefined) query = query.where('window_start', '<', to);
  const partitions = await query
    .orderBy(sql`case when window_start is null then 1 else 0 end`)
    .orderBy('window_start')
    .orderBy('from_id')
    .orderBy('key')
    .execute();
  const checkedAt = now.toISOString();
  const results: PartitionCheckResult[] = [];
  for (const partition of partitions) {
    results.push(...(await checksOf(db, partition, limits, checkedAt)));
  }
  const freshness = await freshnessCheck(db, now, limits);
  if (freshness !== undefined) results.push(freshness);
  await storeResults(db, results, freshness);
  return results;
}

/**
 * After `key` was saved completed: its checks, the contiguity of its stored neighbours (their
 * neighbour changed) and the freshness check, stored. Nothing for a partition not completed.
 */
export async function checkSavedPartition(
  db: Kysely<Database>,
  key: string,
  now: Date = new Date(),
): Promise<PartitionCheckResult[]> {
  const partition = await db
    .selectFrom('ingest_partitions')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst();
  if (partition === undefined || partition.status !== 'completed') return [];
  const limits = DEFAULT_CHECK_THRESHOLDS;
  const checkedAt = now.toISOString();
  const results = await checksOf(db, partition, limits, checkedAt);
  const { before, after } = await neighboursOf(db, partition);
  for (const neighbour of [...before, ...after]) {
    results.push(await contiguityCheck(db, neighbour, checkedAt));
  }
  const freshness = await freshnessCheck(db, now, limits);
  if (freshness !== undefined) results.push(freshness);
  await storeResults(db, results, freshness);
  return results;
}

/** Which partitions a read of stored results returns. */
export interface PartitionCheckFilter {
  /** Only partitions whose window ends after this instant. */
  from?: string | Date;
  /** Only partitions whose window starts before this instant. */
  to?: string | Date;
}

/** Stored results of the partitions in `[from, to)`, in partition order, then check order. */
export async function readPartitionChecks(
  db: Kysely<Database>,
  filter: PartitionCheckFilter = {},
): Promise<PartitionCheckResult[]> {
  if (typeof filter !== 'object' || filter === null) {
    throw invalidArgument(`partitionChecks takes { from?, to? }, got ${describe(filter)}.`);
  }
  const from = optionalInstant('from', filter.from);
  const to = optionalInstant('to', filter.to);
  let query = db
    .selectFrom('partition_checks as c')
    .innerJoin('ingest_partitions as p', 'p.key', 'c.partition_key')
    .selectAll('c');
  if (from !== undefined) query = query.where('p.window_end', '>', from);
  if (to !== undefined) query = query.where('p.window_start', '<', to);
  const rows = await query
    .orderBy(sql`case when p.window_start is null then 1 else 0 end`)
    .orderBy('p.window_start')
    .orderBy('p.from_id')
    .orderBy('p.key')
    .execute();
  const order = (name: string) => PARTITION_CHECK_NAMES.indexOf(name as PartitionCheckName);
  const results = rows.map((row): PartitionCheckResult => ({
    partitionKey: row.partition_key,
    check: row.check_name,
    status: row.status,
    value: row.value === null ? null : Number(row.value),
    message: row.message,
    checkedAt: row.checked_at,
  }));
  // Stable sort: partition order from the query, check order within a partition.
  const position = new Map<string, number>();
  results.forEach((result, i) => {
    if (!position.has(result.partitionKey)) position.set(result.partitionKey, i);
  });
  return results.sort(
    (a, b) =>
      position.get(a.partitionKey)! - position.get(b.partitionKey)! ||
      order(a.check) - order(b.check),
  );
}

async function checksOf(
  db: Kysely<Database>,
  partition: PartitionRow,
  limits: CheckThresholds,
  checkedAt: string,
): Promise<PartitionCheckResult[]> {
  return [
    await contiguityCheck(db, partition, checkedAt),
    await windowTimesCheck(db, partition, limits, checkedAt),
    await missingIdsCheck(db, partition, limits, checkedAt),
    maxItemCheck(partition, checkedAt),
  ];
}

/** Completed window partitions that end where `partition` starts, and start where it ends. */
async function neighboursOf(
  db: Kysely<Database>,
  partition: PartitionRow,
): Promise<{ before: PartitionRow[]; after: PartitionRow[] }> {
  if (partition.window_start === null || partition.window_end === null) {
    return { before: [], after: [] };
  }
  const completed = db
    .selectFrom('ingest_partitions')
    .selectAll()
    .where('status', '=', 'completed')
    .where('key', '!=', partition.key);
  const before = await completed
    .where('window_end', '=', partition.window_start)
    .orderBy('key')
    .execute();
  const after = await completed
    .where('window_start', '=', partition.window_end)
    .orderBy('key')
    .execute();
  return { before, after };
}

/**
 * `contiguity`: the value is the number of ids in gaps plus ids in overlaps with the stored
 * neighbours (0 when the ranges tile the id space); any is a failure.
 */
async function contiguityCheck(
  db: Kysely<Database>,
  partition: PartitionRow,
  checkedAt: string,
): Promise<PartitionCheckResult> {
  const result = resultOf(partition.key, 'contiguity', checkedAt);
  if (partition.window_start === null) {
    return result('pass', null, 'an id-range partition: it has no neighbouring windows');
  }
  const { before, after } = await neighboursOf(db, partition);
  const problems: string[] = [];
  let off = 0;
  const note = (count: number, low: number, high: number, what: string) => {
    off += count;
    problems.push(`${count} id${count === 1 ? '' : 's'} (${low}..${high}) ${what}`);
  };
  // A neighbour before must end at fromId - 1; one after must start at toId + 1.
  for (const neighbour of before) {
    const end = neighbour.to_id;
    if (end < partition.from_id - 1) {
      note(
        partition.from_id - 1 - end,
        end + 1,
        partition.from_id - 1,
        `in no partition after ${neighbour.key}`,
      );
    } else if (end > partition.from_id - 1) {
      note(end - partition.from_id + 1, partition.from_id, end, `also in ${neighbour.key}`);
    }
  }
  for (const neighbour of after) {
    const start = neighbour.from_id;
    if (start > partition.to_id + 1) {
      note(
        start - partition.to_id - 1,
        partition.to_id + 1,
        start - 1,
        `in no partition before ${neighbour.key}`,
      );
    } else if (start < partition.to_id + 1) {
      note(partition.to_id - start + 1, start, partition.to_id, `also in ${neighbour.key}`);
    }
  }
  if (problems.length > 0) return result('fail', off, problems.join('; '));
  const sides = [
    before.length > 0 ? `follows ${before.map((p) => p.key).join(', ')}` : 'no stored predecessor',
    after.length > 0 ? `precedes ${after.map((p) => p.key).join(', ')}` : 'no stored successor',
  ];
  return result('pass', 0, `ids ${partition.from_id}..${partition.to_id}: ${sides.join('; ')}`);
}

/** `window_times`: the value is how many items are timed outside the window and its tolerance. */
async function windowTimesCheck(
  db: Kysely<Database>,
  partition: PartitionRow,
  limits: CheckThresholds,
  checkedAt: string,
): Promise<PartitionCheckResult> {
  const result = resultOf(partition.key, 'window_times', checkedAt);
  if (partition.window_start === null || partition.window_end === null) {
    return result('pass', null, 'an id-range partition: it has no window');
  }
  const tolerance = limits.timeToleranceSeconds;
  const low = Math.floor(Date.parse(partition.window_start) / 1000) - tolerance;
  const high = Math.ceil(Date.parse(partition.window_end) / 1000) + tolerance;
  const timed = db
    .selectFrom('items')
    .where('id', '>=', partition.from_id)
    .where('id', '<=', partition.to_id)
    .where('status', '=', 'item')
    .where('time', 'is not', null);
  const counts = await timed
    .select((eb) => [
      eb.fn.countAll<number | string>().as('timed'),
      eb.fn
        .sum<number | string | null>(
          eb
            .case()
            .when(eb.or([eb('time', '<', low), eb('time', '>=', high)]))
            .then(eb.lit(1))
            .else(eb.lit(0))
            .end(),
        )
        .as('outside'),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(counts.timed);
  const outside = Number(counts.outside ?? 0);
  const window = `${partition.window_start}/${partition.window_end} ± ${tolerance} s`;
  if (outside === 0) {
    return result('pass', 0, `all ${total} timed items inside ${window}`);
  }
  const first = await timed
    .where((eb) => eb.or([eb('time', '<', low), eb('time', '>=', high)]))
    .select(['id', 'time'])
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const at = new Date(Number(first.time) * 1000).toISOString();
  const share = outside / total;
  return result(
    share > limits.outsideFailShare ? 'fail' : 'warn',
    outside,
    `${outside} of ${total} timed items outside ${window} (first: id ${first.id} at ${at}); ` +
      `fails above ${percent(limits.outsideFailShare)}`,
  );
}

/**
 * `missing_ids`: the value is the share of the range's ids without an item (the API's null, an
 * invalid payload, or no row at all); an id with no row fails at once.
 */
async function missingIdsCheck(
  db: Kysely<Database>,
  partition: PartitionRow,
  limits: CheckThresholds,
  checkedAt: string,
): Promise<PartitionCheckResult> {
  const result = resultOf(partition.key, 'missing_ids', checkedAt);
  const stats = await itemStatsOf(db, { fromId: partition.from_id, toId: partition.to_id });
  if (stats.ids === 0) return result('pass', 0, 'an empty id range');
  const without = stats.missing + stats.invalid + stats.gaps;
  const share = without / stats.ids;
  const what =
    `${without} of ${stats.ids} ids without an item (${percent(share)}: ${stats.missing} null, ` +
    `${stats.invalid} invalid, ${stats.gaps} not stored)`;
  if (stats.gaps > 0) {
    return result('fail', share, `${what}; id ${stats.firstGap} is the first with no row`);
  }
  if (share > limits.missingFailShare) {
    return result('fail', share, `${what}; fails above ${percent(limits.missingFailShare)}`);
  }
  if (share > limits.missingWarnShare) {
    return result('warn', share, `${what}; warns above ${percent(limits.missingWarnShare)}`);
  }
  return result('pass', share, what);
}

/** `maxitem`: the value is the `maxitem` the partition saw. */
function maxItemCheck(partition: PartitionRow, checkedAt: string): PartitionCheckResult {
  const result = resultOf(partition.key, 'maxitem', checkedAt);
  if (partition.max_item === null) {
    return result('warn', null, 'the maxitem seen when the range was found was not recorded');
  }
  const maxItem = Number(partition.max_item);
  if (partition.to_id > maxItem) {
    return result(
      'fail',
      maxItem,
      `last id ${partition.to_id} is past the maxitem ${maxItem} seen at ingest time`,
    );
  }
  return result('pass', maxItem, `last id ${partition.to_id} ≤ maxitem ${maxItem}`);
}

/** `freshness` of the newest completed window partition: the value is seconds since its end. */
async function freshnessCheck(
  db: Kysely<Database>,
  now: Date,
  limits: CheckThresholds,
): Promise<PartitionCheckResult | undefined> {
  const newest = await db
    .selectFrom('ingest_partitions')
    .select(['key', 'window_end'])
    .where('status', '=', 'completed')
    .where('window_end', 'is not', null)
    .orderBy('window_end', 'desc')
    .orderBy('key')
    .limit(1)
    .executeTakeFirst();
  if (newest === undefined || newest.window_end === null) return undefined;
  const result = resultOf(newest.key, 'freshness', now.toISOString());
  const age = Math.max(0, Math.round((now.getTime() - Date.parse(newest.window_end)) / 1000));
  const what = `the newest window ended ${duration(age)} ago (${newest.window_end})`;
  if (age > limits.freshnessFailSeconds) {
    return result('fail', age, `${what}; fails past ${duration(limits.freshnessFailSeconds)}`);
  }
  if (age > limits.freshnessWarnSeconds) {
    return result('warn', age, `${what}; warns past ${duration(limits.freshnessWarnSeconds)}`);
  }
  return result('pass', age, what);
}

/** Upserts `results`; the freshness row moves to the newest partition (one row in the table). */
async function storeResults(
  db: Kysely<Database>,
  results: readonly PartitionCheckResult[],
  freshness: PartitionCheckResult | undefined,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    let stale = trx.deleteFrom('partition_checks').where('check_name', '=', 'freshness');
    if (freshness !== undefined) {
      stale = stale.where('partition_key', '!=', freshness.partitionKey);
    }
    await stale.execute();
    // In key order, so that two saves of neighbouring partitions (each writing the other's
    // contiguity row) lock rows in the same order and cannot deadlock on PostgreSQL.
    const rows = [...results].sort(
      (a, b) => compare(a.partitionKey, b.partitionKey) || compare(a.check, b.check),
    );
    // 100 rows of 6 parameters per statement, far below both databases' limits.
    for (let i = 0; i < rows.length; i += 100) {
      await trx
        .insertInto('partition_checks')
        .values(
          rows.slice(i, i + 100).map((r) => ({
            partition_key: r.partitionKey,
            check_name: r.check,
            status: r.status,
            value: r.value,
            message: r.message,
            checked_at: r.checkedAt,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['partition_key', 'check_name']).doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            value: eb.ref('excluded.value'),
            message: eb.ref('excluded.message'),
            checked_at: eb.ref('excluded.checked_at'),
          })),
        )
        .execute();
    }
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function resultOf(partitionKey: string, check: PartitionCheckName, checkedAt: string) {
  return (status: CheckStatus, value: number | null, message: string): PartitionCheckResult => ({
    partitionKey,
    check,
    status,
    value,
    message,
    checkedAt,
  });
}

function thresholdsOf(overrides: Partial<CheckThresholds> | undefined): CheckThresholds {
  const limits = { ...DEFAULT_CHECK_THRESHOLDS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalidArgument(
        `thresholds.${name} must be a non-negative number, got ${describe(value)}.`,
      );
    }
  }
  return limits;
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Number((seconds / 3600).toFixed(1))} h`;
}

/** {@link countPartitionChecks} over every stored result, counted by the database. */
export async function countStoredPartitionChecks(
  db: Kysely<Database>,
): Promise<PartitionCheckCount[]> {
  const rows = await db
    .selectFrom('partition_checks')
    .select((eb) => ['check_name', 'status', eb.fn.countAll<number | string>().as('partitions')])
    .groupBy(['check_name', 'status'])
    .execute();
  const counts = new Map(
    rows.map((row) => [`${row.check_name}/${row.status}`, Number(row.partitions)]),
  );
  return PARTITION_CHECK_NAMES.flatMap((check) =>
    CHECK_STATUSES.map((status) => ({
      check,
      status,
      partitions: counts.get(`${check}/${status}`) ?? 0,
    })),
  );
}

/**
 * How many partitions have each (check, status), every pair listed (zeros too, so a gauge set
 * from it drops back to 0), in check then status order.
 */
export function countPartitionChecks(
  results: readonly PartitionCheckResult[],
): PartitionCheckCount[] {
  const counts = new Map<string, number>();
  for (const result of results) {
    const key = `${result.check}/${result.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return PARTITION_CHECK_NAMES.flatMap((check) =>
    CHECK_STATUSES.map((status) => ({
      check,
      status,
      partitions: counts.get(`${check}/${status}`) ?? 0,
    })),
  );
}
