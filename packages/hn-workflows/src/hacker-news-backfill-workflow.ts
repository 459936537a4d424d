import type { HackerNewsActivities } from '@hn/activities';
import {
  BACKFILL_WORKFLOW_TYPE,
  INGEST_WORKFLOW_TYPE,
  MAX_FAILED_PARTITIONS_LISTED,
  PIPELINE_NAMES,
  addIngestCounts,
  backfillPartition,
  emptyIngestCounts,
  partitionWorkflowId,
  resolveBackfillInput,
  type BackfillContinuation,
  type BackfillPhase,
  type BackfillProgress,
  type BackfillTotals,
  type FailedPartition,
  type HackerNewsBackfillInput,
  type HackerNewsBackfillResult,
  type IngestWindow,
  type ResolvedBackfillInput,
} from '@hn/contract';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import {
  ParentClosePolicy,
  continueAsNew,
  defineQuery,
  executeChild,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { HackerNewsIngestWorkflow } from './hacker-news-ingest-workflow';
import { continueAsNewSuggested } from './internal/continue-as-new';
import { cancellationOf, describeFailure } from './internal/failure-cause';
import { refuseInvalidInput } from './internal/invalid-input';
import { PIPELINE } from './internal/search-attribute-keys';
import { slidingWindow } from './internal/sliding-window';
import { BOUNDED_RETRY } from './retry';

/**
 * Query a running (or finished) backfill's progress: `handle.query(backfillProgressQuery)`
 * answers a `BackfillProgress` (partitions completed, skipped, failed and in flight, the cursor,
 * items stored).
 */
export const backfillProgressQuery = defineQuery<BackfillProgress>('backfillProgress');

/** Type of a {@link FailedPartition} whose run could not start: another run had it in flight. */
const ALREADY_RUNNING = 'WorkflowExecutionAlreadyStarted';

/**
 * Ingests every partition of a past period with bounded parallelism: a sliding window of at most
 * `parallelism` child `HackerNewsIngestWorkflow` runs, one per partition, the next starting as
 * one finishes.
 *
 * Input (`HackerNewsBackfillInput`, checked by `resolveBackfillInput`): `start` and `end` on
 * `partition` boundaries (default `1h`, the ingest schedule's, so a partition has the same key and
 * row whoever ingests it), `parallelism` (default 4, at most 32), `mode` and per-run `ingest`
 * options. A period of more than `maxPartitions` (default 1,000) partitions, or one ending in the
 * future, fails at once with a non-retryable `InvalidInput`, before anything starts.
 *
 * `mode: 'skip-completed'` (the default) first asks the item store (the `completedPartitions`
 * activity: keys in, keys out) which of the run's partitions are `completed`, and skips them;
 * `'reingest'` runs every partition again, which is idempotent (items upsert by id, a partition
 * keeps one row).
 *
 * Each partition run has the workflow id `partitionWorkflowId(key)`
 * (`hackernews-ingest/window:<start>/<end>`), derived from the partition alone: Temporal allows one
 * running workflow per id, so two backfills (or a backfill re-run) never ingest a partition twice
 * at once. The id-reuse policy `ALLOW_DUPLICATE` lets a later backfill run a partition again once
 * its earlier run closed (a failed one, or any under `reingest`). A partition whose run is already
 * in flight elsewhere is not waited for: it counts as failed with type
 * `WorkflowExecutionAlreadyStarted`, and a re-run later skips it once that run completed it. Runs
 * are cancelled if the backfill is (parent close policy `REQUEST_CANCEL`), so they record their
 * partition `failed` rather than leave it `running`.
 *
 * A failed partition does not stop the others: the result counts `completed`, `skipped` and
 * `failed` exactly and lists the first 20 failed partitions with their failure type. After
 * `partitionsPerRun` partitions (default 100), or earlier when Temporal suggests it, the run waits
 * for its partition runs and continues as new with the cursor and the counts only, so a 720-partition
 * backfill is eight runs of about 1,200 history events each. The `backfillProgress` query
 * answers a `BackfillProgress`. The run sets the search attribute `HnPipeline = 'backfill'`.
 */
export async function HackerNewsBackfillWorkflow(
  input: HackerNewsBackfillInput,
): Promise<HackerNewsBackfillResult> {
  const { input: options, problems } = resolveBackfillInput(input, { now: Date.now() });
  refuseInvalidInput(BACKFILL_WORKFLOW_TYPE, problems);
  upsertSearchAttributes([{ key: PIPELINE, value: PIPELINE_NAMES.backfill }]);
  const { completedPartitions } = proxyActivities<HackerNewsActivities>({
    startToCloseTimeout: '1 minute',
    retry: BOUNDED_RETRY,
  });

  const run = new BackfillRun(options);
  setHandler(backfillProgressQuery, () => run.progress());
  const runEnd = Math.min(options.total, run.next + options.partitionsPerRun);
  let completed = new Set<string>();
  if (options.mode === 'skip-completed' && run.next < runEnd) {
    const keys: string[] = [];
    for (let i = run.next; i < runEnd; i += 1) keys.push(backfillPartition(options, i).key);
    completed = new Set(await completedPartitions({ keys }));
  }

  run.phase = 'running';
  let started = 0;
  let cancelled: Error | undefined;
  await slidingWindow({
    size: options.parallelism,
    next: () => {
      while (run.next < runEnd && cancelled === undefined && !continueAsNewSuggested(started)) {
        const partition = backfillPartition(options, run.next);
        run.next += 1;
        if (!completed.has(partition.key)) {
          started += 1;
          return partition;
        }
        run.totals.skipped += 1;
      }
      return undefined;
    },
    run: async ({ key, window }) => {
      const error = await run.ingestPartition(key, window);
      cancelled ??= cancellationOf(error);
    },
  });
  // The cursor is exact only once every partition run of this run settled: continue-as-new and
  // the result wait for them.
  if (cancelled !== undefined) throw cancelled;
  if (run.next < options.total) return continueBackfill(run, options);
  run.phase = 'done';
  return run.result();
}

/** The state of one backfill chain, as a run holds it: the cursor, the totals, the runs in flight. */
class BackfillRun {
  phase: BackfillPhase = 'checking';
  next: number;
  readonly totals: BackfillTotals;
  readonly failedPartitions: FailedPartition[];
  maxInFlight: number;
  readonly continuedAsNew: number;
  readonly startedAt: string;
  readonly inFlight = new Set<string>();

  constructor(readonly options: ResolvedBackfillInput) {
    const previous = options.continuation;
    const { window, partitionMs } = options;
    this.next = previous
      ? (Date.parse(previous.nextStart) - Date.parse(window.start)) / partitionMs
      : 0;
    this.totals = previous?.totals ?? {
      completed: 0,
      skipped: 0,
      failed: 0,
      counts: emptyIngestCounts(),
    };
    this.failedPartitions = previous?.failedPartitions ?? [];
    this.maxInFlight = previous?.maxInFlight ?? 0;
    this.continuedAsNew = previous?.continuedAsNew ?? 0;
    this.startedAt = previous?.startedAt ?? new Date().toISOString();
  }

  /** Start of the first partition not yet started. */
  nextStart(): string {
    const { options } = this;
    return this.next >= options.total
      ? options.window.end
      : backfillPartition(options, this.next).window.start;
  }

  /**
   * Runs one partition as a child ingest and counts how it ended; resolves with the error of a
   * run that was cancelled (to stop the backfill), else `undefined`.
   */
  async ingestPartition(key: string, window: IngestWindow): Promise<unknown> {
    const workflowId = partitionWorkflowId(key);
    this.inFlight.add(key);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight.size);
    try {
      const result = await executeChild<typeof HackerNewsIngestWorkflow>(INGEST_WORKFLOW_TYPE, {
        workflowId,
        args: [{ ...window, ...this.options.ingest }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      });
      this.totals.completed += 1;
      this.totals.counts = addIngestCounts(this.totals.counts, result.counts);
      return undefined;
    } catch (error) {
      if (cancellationOf(error)) return error;
      this.fail({ key, workflowId, ...partitionFailure(error) });
      return undefined;
    } finally {
      this.inFlight.delete(key);
    }
  }

  fail(entry: FailedPartition): void {
    this.totals.failed += 1;
    if (this.failedPartitions.length < MAX_FAILED_PARTITIONS_LISTED) {
      this.failedPartitions.push(entry);
    }
    log.warn('a backfill partition failed', { key: entry.key, type: entry.type });
  }

  progress(): BackfillProgress {
    const { options } = this;
    return {
      phase: this.phase,
      window: options.window,
      partition: options.partition,
      mode: options.mode,
      parallelism: options.parallelism,
      total: options.total,
      ...this.totals,
      inFlight: this.inFlight.size,
      inFlightKeys: [...this.inFlight],
      maxInFlight: this.maxInFlight,
      nextStart: this.nextStart(),
      failedPartitions: this.failedPartitions,
      continuedAsNew: this.continuedAsNew,
    };
  }

  result(): HackerNewsBackfillResult {
    const { options } = this;
    const finishedAt = new Date().toISOString();
    return {
      window: options.window,
      partition: options.partition,
      mode: options.mode,
      parallelism: options.parallelism,
      total: options.total,
      ...this.totals,
      failedPartitions: this.failedPartitions,
      maxInFlight: this.maxInFlight,
      continuedAsNew: this.continuedAsNew,
      startedAt: this.startedAt,
      finishedAt,
      durationMs: Date.parse(finishedAt) - Date.parse(this.startedAt),
    };
  }
}

/** Continues the chain as new with the cursor and the totals, once every partition run settled. */
function continueBackfill(run: BackfillRun, options: ResolvedBackfillInput): Promise<never> {
  const continuation: BackfillContinuation = {
    nextStart: run.nextStart(),
    totals: run.totals,
    failedPartitions: run.failedPartitions,
    maxInFlight: run.maxInFlight,
    continuedAsNew: run.continuedAsNew + 1,
    startedAt: run.startedAt,
  };
  return continueAsNew<typeof HackerNewsBackfillWorkflow>({
    start: options.window.start,
    end: options.window.end,
    partition: options.partition,
    parallelism: options.parallelism,
    mode: options.mode,
    maxPartitions: options.maxPartitions,
    partitionsPerRun: options.partitionsPerRun,
    ingest: options.ingest,
    continuation,
  });
}

/** The failure type and message of a partition run that failed or could not start. */
function partitionFailure(error: unknown): { type: string; message: string } {
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return {
      type: ALREADY_RUNNING,
      message: `another run of this partition is in flight: ${error.message}`.slice(0, 500),
    };
  }
  return describeFailure(error);
}
