import type { Logger } from '@temporalio/common';
import type { IngestPartitionRecord, ItemStore } from '@hn/contract';
import { parseInput } from '../internal/activity-input';
import { messageOf } from '../internal/message-of';
import { storeFailure } from '../internal/store-failure';
import { activityMetricMeter, recordPartitionChecks } from '../metrics';
import { partitionRecordInput } from './ingest-input';

/** What `recordPartition` needs. */
export interface RecordPartitionDeps {
  /** The worker's item store; throws `ItemStoreMissing` when there is none. */
  itemStore: (activity: string) => ItemStore;
  logger: () => Logger;
}

/** The body of the `recordPartition` activity (documented in `createIngestActivities`). */
export async function recordPartition(
  deps: RecordPartitionDeps,
  record: IngestPartitionRecord,
): Promise<void> {
  parseInput('recordPartition', partitionRecordInput, record);
  const store = deps.itemStore('recordPartition');
  try {
    await store.savePartition(record);
  } catch (error) {
    throw storeFailure(`Saving partition ${record.key}`, error);
  }
  if (record.status === 'completed') await exportPartitionChecks(store, deps.logger());
}

/**
 * Sets the `hn_partition_checks` gauge from the store's check results, which saving a completed
 * partition has just brought up to date. A failure to count is logged, never the activity's.
 */
async function exportPartitionChecks(store: ItemStore, log: Logger): Promise<void> {
  if (store.partitionCheckCounts === undefined) return;
  try {
    recordPartitionChecks(activityMetricMeter(), await store.partitionCheckCounts());
  } catch (error) {
    log.warn('recordPartition: counting partition checks failed', { error: messageOf(error) });
  }
}
