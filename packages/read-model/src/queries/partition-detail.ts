import {
  ITEM_TYPES,
  type IngestCounts,
  type ItemType,
  type PartitionCheckResult,
  type PartitionStatus,
} from '@hn/contract';
import type { Database } from '@hn/storage';
import type { Kysely } from 'kysely';
import { ReadModelError } from '../errors';
import { readChecksOf } from './checks';

/** Which partition {@link ReadModel.partition} reads: by key, or the one covering an instant. */
export type PartitionLookup = { key: string } | { at: number };

/** What {@link ReadModel.partition} answers. */
export interface PartitionDetail {
  key: string;
  /** ISO-8601 UTC; `null` for an id-range partition. */
  windowStart: string | null;
  windowEnd: string | null;
  fromId: number;
  toId: number;
  status: PartitionStatus;
  /** What the run recorded (`IngestCounts`); `null` while running or when it failed early. */
  recorded: IngestCounts | null;
  /** What the store holds now for the id range, counted from the items. */
  stored: {
    rows: number;
    items: number;
    byType: Record<ItemType, number>;
    missing: number;
    invalid: number;
  };
  /** The run that wrote the row (link it to the Temporal Web UI). */
  workflowId: string;
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  updatedAt: string;
  /** Its latest data-quality check results, in check order; empty when it was never checked. */
  checks: PartitionCheckResult[];
}

/** Reads one partition and counts its id range's items by the primary key. */
export async function readPartitionDetail(
  db: Kysely<Database>,
  lookup: PartitionLookup,
): Promise<PartitionDetail> {
  let query = db.selectFrom('ingest_partitions').selectAll();
  if ('key' in lookup) {
    query = query.where('key', '=', lookup.key);
  } else {
    const at = new Date(lookup.at).toISOString();
    // The newest row whose window holds the instant, found through the window-start index.
    query = query
      .where('window_start', '<=', at)
      .where('window_start', '>', new Date(lookup.at - 31 * 86_400_000).toISOString())
      .where('window_end', '>', at)
      .orderBy('updated_at', 'desc')
      .limit(1);
  }
  const row = await query.executeTakeFirst();
  if (row === undefined) {
    throw new ReadModelError(
      'NOT_FOUND',
      'key' in lookup
        ? 'No partition is stored with this key.'
        : `No partition covers ${new Date(lookup.at).toISOString()}: the hour is missing.`,
    );
  }
  const [groups, checks] = await Promise.all([
    db
      .selectFrom('items')
      .select(['status', 'type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('id', '>=', row.from_id)
      .where('id', '<=', row.to_id)
      .groupBy(['status', 'type'])
      .execute(),
    readChecksOf(db, row.key),
  ]);
  const byType = Object.fromEntries(ITEM_TYPES.map((type) => [type, 0])) as Record<
    ItemType,
    number
  >;
  const stored = { rows: 0, items: 0, byType, missing: 0, invalid: 0 };
  for (const { status, type, n } of groups) {
    const count = Number(n);
    stored.rows += count;
    if (status === 'item') {
      stored.items += count;
      if (type !== null) byType[type] += count;
    } else {
      stored[status] += count;
    }
  }
  return {
    key: row.key,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    fromId: row.from_id,
    toId: row.to_id,
    status: row.status,
    recorded: row.counts === null ? null : (JSON.parse(row.counts) as IngestCounts),
    stored,
    workflowId: row.workflow_id,
    runId: row.run_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
    checks,
  };
}
