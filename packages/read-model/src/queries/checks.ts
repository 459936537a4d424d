import {
  type CheckStatus,
  PARTITION_CHECK_NAMES,
  type PartitionCheckCount,
  type PartitionCheckName,
  type PartitionCheckResult,
} from '@hn/contract';
import type { Database } from '@hn/storage';
import type { Kysely } from 'kysely';

/** The most partitions {@link Health.failingChecks} lists. */
export const MAX_FAILING_PARTITIONS = 20;

/** A partition with at least one failing or warning check, and those checks. */
export interface FailingPartition {
  partitionKey: string;
  /** Its worst check's status. */
  status: Exclude<CheckStatus, 'pass'>;
  /** Its failing and warning checks, in check order. */
  checks: PartitionCheckResult[];
}

/** The partitions whose latest checks fail or warn. */
export interface FailingChecks {
  /** Exact number of partitions with a failing check, and with a warning (but none failing). */
  partitions: { fail: number; warn: number };
  /** Exact partitions by check and status, every failing and warning pair (zeros too). */
  counts: PartitionCheckCount[];
  /**
   * At most {@link MAX_FAILING_PARTITIONS} of them, failing before warning, newest key first;
   * `partitions.fail + partitions.warn` says how many there are in all.
   */
  list: FailingPartition[];
}

type CheckRow = Pick<
  Database['partition_checks'],
  'partition_key' | 'check_name' | 'status' | 'value' | 'message' | 'checked_at'
>;

const CHECK_ORDER = new Map<PartitionCheckName, number>(
  PARTITION_CHECK_NAMES.map((name, index) => [name, index]),
);

function resultOf(row: CheckRow): PartitionCheckResult {
  return {
    partitionKey: row.partition_key,
    check: row.check_name,
    status: row.status,
    value: row.value === null ? null : Number(row.value),
    message: row.message,
    checkedAt: row.checked_at,
  };
}

function byCheck(a: PartitionCheckResult, b: PartitionCheckResult): number {
  return (CHECK_ORDER.get(a.check) ?? 99) - (CHECK_ORDER.get(b.check) ?? 99);
}

/** One partition's check results, in check order; empty when it was never checked. */
export async function readChecksOf(
  db: Kysely<Database>,
  partitionKey: string,
): Promise<PartitionCheckResult[]> {
  const rows = await db
    .selectFrom('partition_checks')
    .select(['partition_key', 'check_name', 'status', 'value', 'message', 'checked_at'])
    .where('partition_key', '=', partitionKey)
    .execute();
  return rows.map(resultOf).sort(byCheck);
}

/** Reads the failing and warning checks: three bounded queries, counts grouped in the database. */
export async function readFailingChecks(db: Kysely<Database>): Promise<FailingChecks> {
  const worstOf = db
    .selectFrom('partition_checks')
    // A partition's worst status: 'fail' sorts before 'warn' as text.
    .select(['partition_key', (eb) => eb.fn.min('status').as('worst')])
    .where('status', 'in', ['warn', 'fail'])
    .groupBy('partition_key');
  const [grouped, byWorst, listed] = await Promise.all([
    db
      .selectFrom('partition_checks')
      .select(['check_name', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', 'in', ['warn', 'fail'])
      .groupBy(['check_name', 'status'])
      .execute(),
    db
      .selectFrom(worstOf.as('w'))
      .select(['worst', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('worst')
      .execute(),
    worstOf
      .orderBy('worst', 'asc')
      .orderBy('partition_key', 'desc')
      .limit(MAX_FAILING_PARTITIONS)
      .execute(),
  ]);
  const counts: PartitionCheckCount[] = [];
  for (const check of PARTITION_CHECK_NAMES) {
    for (const status of ['warn', 'fail'] as const) {
      const found = grouped.find((row) => row.check_name === check && row.status === status);
      counts.push({ check, status, partitions: Number(found?.n ?? 0) });
    }
  }
  const partitions = { fail: 0, warn: 0 };
  for (const { worst, n } of byWorst) partitions[worst === 'fail' ? 'fail' : 'warn'] = Number(n);
  if (listed.length === 0) return { partitions, counts, list: [] };
  const rows = await db
    .selectFrom('partition_checks')
    .select(['partition_key', 'check_name', 'status', 'value', 'message', 'checked_at'])
    .where(
      'partition_key',
      'in',
      listed.map((row) => row.partition_key),
    )
    .where('status', 'in', ['warn', 'fail'])
    .execute();
  const list = listed.map(({ partition_key, worst: status }) => ({
    partitionKey: partition_key,
    status: status === 'fail' ? ('fail' as const) : ('warn' as const),
    checks: rows
      .filter((row) => row.partition_key === partition_key)
      .map(resultOf)
      .sort(byCheck),
  }));
  return { partitions, counts, list };
}
