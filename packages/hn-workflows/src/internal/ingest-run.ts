import type { HackerNewsActivities } from '@hn/activities';
import {
  MAX_INVALID_SAMPLE,
  addIngestCounts,
  countedIds,
  emptyIngestCounts,
  type HackerNewsIngestResult,
  type IngestCounts,
  type IngestPartitionRecord,
  type IngestPhase,
  type IngestProgress,
  type IngestWindow,
  type PartitionStatus,
  type ResolvedIngestInput,
} from '@hn/contract';
import {
  proxyActivities,
  setCurrentDetails,
  workflowInfo,
  type ActivityInterfaceFor,
} from '@temporalio/workflow';
import { ingestDetails } from '../ingest-details';
import { BOUNDED_RETRY, FOREVER_RETRY } from '../retry';

/** The activities of one ingest run, with its retry policy and heartbeat timeout. */
export function ingestActivities(
  options: ResolvedIngestInput,
): ActivityInterfaceFor<
  Pick<
    HackerNewsActivities,
    'findItemRange' | 'findPartitionEdges' | 'recordPartition' | 'ingestItems'
  >
> {
  const retry =
    options.retry === 'forever'
      ? FOREVER_RETRY
      : { ...BOUNDED_RETRY, maximumAttempts: options.maxAttempts };
  const { findItemRange, findPartitionEdges, recordPartition } =
    proxyActivities<HackerNewsActivities>({
      startToCloseTimeout: '1 minute',
      retry,
    });
  const { ingestItems } = proxyActivities<HackerNewsActivities>({
    startToCloseTimeout: '1 hour',
    heartbeatTimeout: `${options.heartbeatTimeoutSeconds} seconds`,
    retry,
  });
  return { findItemRange, findPartitionEdges, recordPartition, ingestItems };
}

/**
 * The state of one ingest chain, as a run holds it: the range, the cursor (`nextId`, every id
 * below it stored), the counts, what the progress query and the current details show, and the
 * partition row it records.
 */
export class IngestRun {
  readonly key: string;
  readonly window: IngestWindow | null;
  readonly startedAt: string;
  phase: IngestPhase = 'resolving';
  fromId: number | null;
  toId: number | null;
  nextId: number;
  counts: IngestCounts;
  invalidSample: number[];
  readonly continuedAsNew: number;
  /** The `maxitem` seen when the range was found (a window's search or a backfill's edge pass). */
  maxItem: number | undefined;
  inFlight = 0;

  constructor(
    options: ResolvedIngestInput,
    private readonly recordPartition: ReturnType<typeof ingestActivities>['recordPartition'],
  ) {
    const { target, continuation: previous } = options;
    this.key = options.key;
    this.window = target.kind === 'window' ? target.window : null;
    this.startedAt = previous?.startedAt ?? new Date().toISOString();
    this.fromId = previous?.fromId ?? (target.kind === 'ids' ? target.fromId : null);
    this.toId = previous?.toId ?? (target.kind === 'ids' ? target.toId : null);
    this.nextId = previous?.nextId ?? 0;
    this.counts = previous?.counts ?? emptyIngestCounts();
    this.invalidSample = previous?.invalidSample ?? [];
    this.continuedAsNew = previous?.continuedAsNew ?? 0;
    this.maxItem = previous?.maxItem;
  }

  /** What the `ingestProgress` query answers. */
  progress(): IngestProgress {
    const done = countedIds(this.counts);
    const elapsed = (Date.now() - Date.parse(this.startedAt)) / 1000;
    const { fromId, toId } = this;
    return {
      phase: this.phase,
      key: this.key,
      window: this.window,
      fromId,
      toId,
      total: fromId === null || toId === null ? 0 : toId - fromId + 1,
      done,
      counts: this.counts,
      invalidSample: this.invalidSample,
      itemsPerSecond: elapsed > 0 ? Math.round(done / elapsed) : 0,
      activitiesInFlight: this.inFlight,
      continuedAsNew: this.continuedAsNew,
    };
  }

  /**
   * Shows the progress as the run's current details. They are served by the SDK's metadata
   * query, not written to history: updating them issues no command, so histories recorded before
   * them replay unchanged.
   */
  show(): void {
    setCurrentDetails(ingestDetails(this.progress()));
  }

  setPhase(phase: IngestPhase): void {
    this.phase = phase;
    this.show();
  }

  /** Adds what a chunk stored to the chain's counts and invalid sample. */
  add(counts: IngestCounts, invalidSample: readonly number[]): void {
    this.counts = addIngestCounts(this.counts, counts);
    for (const id of invalidSample) {
      if (this.invalidSample.length >= MAX_INVALID_SAMPLE) break;
      this.invalidSample.push(id);
    }
  }

  /** Saves the partition's row with `status` over `[fromId, toId]`. */
  record(status: PartitionStatus, fromId: number, toId: number): Promise<void> {
    const info = workflowInfo();
    const partition: IngestPartitionRecord = {
      key: this.key,
      windowStart: this.window?.start ?? null,
      windowEnd: this.window?.end ?? null,
      fromId,
      toId,
      status,
      counts: status === 'running' ? null : this.counts,
      workflowId: info.workflowId,
      runId: info.firstExecutionRunId,
      startedAt: this.startedAt,
      finishedAt: status === 'running' ? null : new Date().toISOString(),
      ...(this.maxItem === undefined ? {} : { maxItem: this.maxItem }),
    };
    return this.recordPartition.executeWithOptions({ summary: `partition ${status}` }, [partition]);
  }

  /** The run's result, once every id of `[fromId, toId]` is stored. */
  result(fromId: number, toId: number): HackerNewsIngestResult {
    const finishedAt = new Date().toISOString();
    const durationMs = Date.parse(finishedAt) - Date.parse(this.startedAt);
    return {
      key: this.key,
      window: this.window,
      fromId,
      toId,
      total: toId - fromId + 1,
      counts: this.counts,
      invalidSample: this.invalidSample,
      continuedAsNew: this.continuedAsNew,
      startedAt: this.startedAt,
      finishedAt,
      durationMs,
      itemsPerSecond:
        durationMs > 0 ? Math.round((countedIds(this.counts) * 1000) / durationMs) : 0,
    };
  }
}
