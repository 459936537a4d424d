import {
  type IngestCounts,
  ITEM_TYPES,
  type ItemType,
  PARTITION_STATUSES,
  type PartitionStatus,
} from '@hn/contract';
import type { Database } from '@hn/storage';
import type { Kysely } from 'kysely';
import { readFailingChecks, type FailingChecks } from './checks';

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
  /**
   * Items by type as the partitions' runs recorded them (the sum of their `IngestCounts`), read
   * from one row per partition rather than from every item; `untyped` counts tombstones without
   * a type. Partitions that overlap (an id range ingested again under another key) count twice.
   */
  items: Record<ItemType | 'untyped', number> & { total: number };
  /** Newest item time, ISO-8601 UTC; `null` when no item is stored. */
  newestItemAt: string | null;
  /** Partitions by status. */
  partitions: Record<PartitionStatus, number> & { total: number };
  /** The newest partition runs and top-stories runs, newest first (at most 10 each). */
  lastRuns: RecentRun[];
  /** The partitions whose data-quality checks fail or warn: exact counts and a bounded list. */
  failingChecks: FailingChecks;
}

const RECENT = 10;

/** Reads the health summary: every query goes by an index. */
export async function readHealth(db: Kysely<Database>): Promise<Health> {
  const [byType, newest, byStatus, partitionRuns, storyRuns, failingChecks] = await Promise.all([
    db.selectFrom('ingest_partitions').select('counts').where('counts', 'is not', null).execute(),
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
    readFailingChecks(db),
  ]);
  const items = { total: 0, untyped: 0 } as Health['items'];
  for (const type of ITEM_TYPES) items[type] = 0;
  for (const { counts } of byType) {
    const recorded = JSON.parse(counts!) as IngestCounts;
    let typed = 0;
    for (const type of ITEM_TYPES) {
      const n = recorded.byType?.[type] ?? 0;
      items[type] += n;
      typed += n;
    }
    items.untyped += Math.max(0, recorded.items - typed);
    items.total += recorded.items;
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
    failingChecks,
  };
}

/** ISO-8601 UTC of Unix seconds. */
export function isoOfSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
