import type { BackfillMode, BackfillTotals, FailedPartition } from './backfill-input';
import type { IngestWindow } from './ingest-input';

/** Where a backfill run is. */
export type BackfillPhase = 'checking' | 'running' | 'done';

/** What the `backfillProgress` query of `HackerNewsBackfillWorkflow` answers. */
export interface BackfillProgress extends BackfillTotals {
  phase: BackfillPhase;
  /** The whole backfill's period. */
  window: IngestWindow;
  partition: string;
  mode: BackfillMode;
  parallelism: number;
  /** Partitions in the period. */
  total: number;
  /** Partition runs in flight now (at most `parallelism`), and their keys. */
  inFlight: number;
  inFlightKeys: string[];
  /** Most partition runs in flight at once so far, over every run of the chain. */
  maxInFlight: number;
  /** Start of the next partition to start (the cursor); `window.end` when all have started. */
  nextStart: string;
  /** The first failed partitions (at most 20); `failed` is exact. */
  failedPartitions: FailedPartition[];
  continuedAsNew: number;
}

/** What `HackerNewsBackfillWorkflow` returns: counts and keys, never item data. */
export interface HackerNewsBackfillResult extends BackfillTotals {
  window: IngestWindow;
  partition: string;
  mode: BackfillMode;
  parallelism: number;
  /** Partitions in the period: `completed + skipped + failed`. */
  total: number;
  /** The first failed partitions (at most 20); `failed` is exact. */
  failedPartitions: FailedPartition[];
  /** Most partition runs that were in flight at once. */
  maxInFlight: number;
  continuedAsNew: number;
  /** ISO-8601 UTC: when the chain's first run started, and when the last finished. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}
