import type { BackfillProgress } from '@hn/contract';
import { defineQuery } from '@temporalio/workflow';

/**
 * Query a running (or finished) backfill's progress: `handle.query(backfillProgressQuery)`
 * answers a `BackfillProgress` (partitions completed, skipped, failed and in flight, the cursor,
 * items stored).
 */
export const backfillProgressQuery = defineQuery<BackfillProgress>('backfillProgress');
