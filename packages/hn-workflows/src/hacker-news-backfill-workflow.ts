import type { HackerNewsActivities } from '@hn/activities';
import {
  BACKFILL_WORKFLOW_TYPE,
  INGEST_WORKFLOW_TYPE,
  MAX_FAILED_PARTITIONS_LISTED,
  PIPELINE_NAMES,
  addIngestCounts,
  backfillPartition,
  backfillPriority,
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
  type IngestEdges,
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
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
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

/** Patch id guarding the backfill's one edge pass (`findPartitionEdges`). */
const EDGES_PATCH = 'hn-backfill-edges';

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
 * in flight elsewhere is skipped (that run records it), not counted failed. Runs are cancelled if
 * the backfill is (parent close policy `REQUEST_CANCEL`), so they record their partition `failed`
 * rather than leave it `running`. They run at priority `PRIORITY_KEYS.backfill` (4), behind the
 * follower and the ingest schedule's runs on shared workers, with the backfill's workflow id as
 * fairness key so that several backfills share the workers (`backfillPriority` of `@hn/contract`).
 *
 * Before starting its partition runs, each run of the backfill finds the id edges of all of its
 * partitions in one `findPartitionEdges` pass and hands each partition run its id range, so the
 * partitions tile the ids (see the README's "Partition edges"); the last edge is carried over
 * continue-as-new.
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
  const { findPartitionEdges } = proxyActivities<HackerNewsActivities>({
    startToCloseTimeout: '10 minutes',
    retry: BOUNDED_RETRY,
  });

  const run = new BackfillRun(options);
  setHandler(backfillProgressQuery, () => run.progress());
  const runEnd = Math.min(options.total, run.next + options.partitionsPerRun);
  let completed = new Set<string>();
  if (options.mode === 'skip-completed' && run.next < runEnd) {
    completed = new Set(await completedPartitions({ keys: keysOf(options, run.next, runEnd) }));
  }

  // One edge pass for the run's partitions, so they tile the ids. Only runs that reach the patch
  // make it, so histories recorded before it replay unchanged.
  const keysToRun = keysOf(options, run.next, runEnd).filter((key) => !completed.has(key));
  if (keysToRun.length > 0 && patched(EDGES_PATCH)) {
    const boundaries = [];
    for (let i = run.next; i < runEnd; i += 1) {
      boundaries.push(backfillPartition(options, i).window.start);
    }
    boundaries.push(backfillPartition(options, runEnd - 1).window.end);
    const found = await findPartitionEdges.executeWithOptions(
      { summary: `find the id edges of ${boundaries.length - 1} partitions` },
      [
        {
          boundaries,
          keep: [...completed],
          ...(run.nextEdge === undefined ? {} : { firstEdge: run.nextEdge }),
        },
      ],
    );
    run.edges = { first: run.next, edges: found.edges, maxItem: found.maxItem };
    run.nextEdge = found.edges.at(-1);
  }

  run.phase = 'running';
  let started = 0;
  let cancelled: Error | undefined;
  await slidingWindow({
    size: options.parallelism,
    next: () => {
      while (run.next < runEnd && cancelled === undefined && !continueAsNewSuggested(started)) {
        const partition = { ...backfillPartition(options, run.next), index: run.next };
        run.next += 1;
        if (!completed.has(partition.key)) {
          started += 1;
          return partition;
        }
        run.totals.skipped += 1;
      }
      return undefined;
    },
    run: async ({ key, window, index }) => {
      const error = await run.ingestPartition(key, window, run.edgesOf(index));
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
  /** The id edges of this run's partitions from `first` on, when the edge pass ran. */
  edges: { first: number; edges: number[]; maxItem: number } | undefined;
  /** The edge at the cursor, carried over a continue-as-new. */
  nextEdge: number | undefined;
  /** Priority of the partition runs: the backfill level, this backfill's fairness key. */
  readonly priority = backfillPriority(workflowInfo().workflowId);

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
    this.nextEdge = previous?.nextEdge;
  }

  /** The id range of the `index`-th partition from the edge pass, if it ran. */
  edgesOf(index: number): IngestEdges | undefined {
    if (!this.edges) return undefined;
    const { first, edges, maxItem } = this.edges;
    const fromId = edges[index - first];
    const next = edges[index - first + 1];
    return fromId === undefined || next === undefined
      ? undefined
      : { fromId, toId: next - 1, maxItem };
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
  async ingestPartition(
    key: string,
    window: IngestWindow,
    edges: IngestEdges | undefined,
  ): Promise<unknown> {
    const workflowId = partitionWorkflowId(key);
    this.inFlight.add(key);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight.size);
    try {
      const result = await executeChild<typeof HackerNewsIngestWorkflow>(INGEST_WORKFLOW_TYPE, {
        workflowId,
        args: [{ ...window, ...this.options.ingest, ...(edges ? { edges } : {}) }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        // Behind the follower and scheduled runs on shared workers, and fair between backfills.
        priority: this.priority,
      });
      this.totals.completed += 1;
      this.totals.counts = addIngestCounts(this.totals.counts, result.counts);
      return undefined;
    } catch (error) {
      if (cancellationOf(error)) return error;
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        // Another backfill (or a Schedule) is ingesting it now: its run records the partition,
        // so this one skips it rather than count a failure.
        this.totals.skipped += 1;
        log.info('a backfill partition is in flight elsewhere; skipped', { key });
        return undefined;
      }
      this.fail({ key, workflowId, ...describeFailure(error) });
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
    ...(run.nextEdge === undefined ? {} : { nextEdge: run.nextEdge }),
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

/** The keys of the partitions `[from, to)` of a backfill. */
function keysOf(options: ResolvedBackfillInput, from: number, to: number): string[] {
  const keys: string[] = [];
  for (let i = from; i < to; i += 1) keys.push(backfillPartition(options, i).key);
  return keys;
}
