import { ITEM_TYPES, type ItemType, PARTITION_STATUSES, type PartitionStatus } from '@hn/contract';
import type { Database } from '@hn/storage';
import type { Kysely } from 'kysely';

/** A finished run, for the health view: a top-stories run or a partition run. */
export interface RecentRun {
  kind: 'top-stories' | 'partition';
  /** The partition key, or the story list. */
  name: string;
  status: PartitionStatus;
  workflowId: string;
  runId: string;
  /** ISO-8601 UTC; `null` while running. */
  finishedAt: string | null;
}

/** What {@link ReadModel.health} answers. */
export interface Health {
  /** Items stored (status `item`) by type; `untyped` counts tombstones without a type. */
  items: Record<ItemType | 'untyped', number> & { total: number };
  /** Newest item time, ISO-8601 UTC; `null` when no item is stored. */
  newestItemAt: string | null;
  /** Partitions by status. */
  partitions: Record<PartitionStatus, number> & { total: number };
  /** The newest partition runs and top-stories runs, newest first (at most 10 each). */
  lastRuns: RecentRun[];
  /**
   * Failing data-quality checks: `null` while the store records no checks (the table comes with
   * a later migration).
   */
  failingChecks: null;
}

const RECENT = 10;

/** Reads the health summary: every query goes by an index. */
export async function readHealth(db: Kysely<Database>): Promise<Health> {
  const [byType, newest, byStatus, partitionRuns, storyRuns] = await Promise.all([
    db
      .selectFrom('items')
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'item')
      .groupBy('type')
      .execute(),
    db
      .selectFrom('items')
      .select((eb) => eb.fn.max('time').as('time'))
      .where('status', '=', 'item')
      .executeTakeFirst(),
    db
      .selectFrom('ingest_partitions')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('ingest_partitions')
      .select(['key', 'status', 'workflow_id', 'run_id', 'finished_at'])
      .orderBy('updated_at', 'desc')
      .limit(RECENT)
      .execute(),
    db
      .selectFrom('runs')
      .select(['list', 'workflow_id', 'run_id', 'finished_at'])
      .orderBy('finished_at', 'desc')
      .limit(RECENT)
      .execute(),
  ]);
  const items = { total: 0, untyped: 0 } as Health['items'];
  for (const type of ITEM_TYPES) items[type] = 0;
  for (const { type, n } of byType) {
    const count = Number(n);
    items[type ?? 'untyped'] += count;
    items.total += count;
  }
  const partitions = { total: 0 } as Health['partitions'];
  for (const status of PARTITION_STATUSES) partitions[status] = 0;
  for (const { status, n } of byStatus) {
    partitions[status] = Number(n);
    partitions.total += Number(n);
  }
  const lastRuns: RecentRun[] = [
    ...partitionRuns.map((row) => ({
      kind: 'partition' as const,
      name: row.key,
      status: row.status,
      workflowId: row.workflow_id,
      runId: row.run_id,
      finishedAt: row.finished_at,
    })),
    ...storyRuns.map((row) => ({
      kind: 'top-stories' as const,
      name: row.list,
      status: 'completed' as const,
      workflowId: row.workflow_id,
      runId: row.run_id,
      finishedAt: row.finished_at,
    })),
  ];
  const time = newest?.time;
  return {
    items,
    newestItemAt: time === null || time === undefined ? null : isoOfSeconds(Number(time)),
    partitions,
    lastRuns,
    failingChecks: null,
  };
}

/** ISO-8601 UTC of Unix seconds. */
export function isoOfSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
