import type { IngestProgress } from '@hn/contract';
import { defineQuery } from '@temporalio/workflow';

/**
 * Query a running (or finished) ingest's progress: `handle.query(ingestProgressQuery)` answers an
 * `IngestProgress` (window, id range, ids done of total, counts by type, items per second).
 */
export const ingestProgressQuery = defineQuery<IngestProgress>('ingestProgress');
