import type { HackerNewsActivities } from '@hn/activities';
import {
  FAILURE_TYPES,
  INGEST_WORKFLOW_TYPE,
  MAX_FAILED_PARTITIONS_LISTED,
  PIPELINE_NAMES,
  SEARCH_ATTRIBUTES,
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
} from '@hn/contract';
import {
  SearchAttributeType,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  defineSearchAttributeKey,
} from '@temporalio/common';
import {
  ApplicationFailure,
  ChildWorkflowFailure,
  ParentClosePolicy,
  continueAsNew,
  executeChild,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { backfillProgressQuery } from './backfill-progress';
import type { HackerNewsIngestWorkflow } from './hacker-news-ingest-workflow';
import { BOUNDED_RETRY } from './retry';

const PIPELINE = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.pipeline.name,
  SearchAttributeType[SEARCH_ATTRIBUTES.pipeline.type],
);

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
  if (problems.length > 0) {
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.invalidInput,
      nonRetryable: true,
      message: `Invalid HackerNewsBackfillWorkflow input: ${problems.join('; ')}`,
      details: problems,
    });
  }
  upsertSearchAttributes([{ key: PIPELINE, value: PIPELINE_NAMES.backfill }]);
  const { completedPartitions } = proxyActivities<HackerNewsActivities>({
    startToCloseTimeout: '1 minute',
    retry: BOUNDED_RETRY,
  });

  const previous = options.continuation;
  const startedAt = previous?.startedAt ?? new Date().toISOString();
  const { window, partitionMs, parallelism, total } = options;
  const indexOf = (iso: string): number =>
    (Date.parse(iso) - Date.parse(window.start)) / partitionMs;
  const state = {
    phase: 'checking' as BackfillPhase,
    next: previous ? indexOf(previous.nextStart) : 0,
    totals:
      previous?.totals ??
      ({
        completed: 0,
        skipped: 0,
        failed: 0,
        counts: emptyIngestCounts(),
      } satisfies BackfillTotals),
    failedPartitions: previous?.failedPartitions ?? ([] as FailedPartition[]),
    maxInFlight: previous?.maxInFlight ?? 0,
    continuedAsNew: previous?.continuedAsNew ?? 0,
  };
  const inFlight = new Map<string, Promise<void>>();
  const nextStart = (): string =>
    state.next >= total ? window.end : backfillPartition(options, state.next).window.start;

  setHandler(backfillProgressQuery, (): BackfillProgress => ({
    phase: state.phase,
    window,
    partition: options.partition,
    mode: options.mode,
    parallelism,
    total,
    ...state.totals,
    inFlight: inFlight.size,
    inFlightKeys: [...inFlight.keys()],
    maxInFlight: state.maxInFlight,
    nextStart: nextStart(),
    failedPartitions: state.failedPartitions,
    continuedAsNew: state.continuedAsNew,
  }));

  const runEnd = Math.min(total, state.next + options.partitionsPerRun);
  let completed = new Set<string>();
  if (options.mode === 'skip-completed' && state.next < runEnd) {
    const keys: string[] = [];
    for (let i = state.next; i < runEnd; i += 1) keys.push(backfillPartition(options, i).key);
    completed = new Set(await completedPartitions({ keys }));
  }

  let cancelled: Error | undefined;
  const fail = (entry: FailedPartition): void => {
    state.totals.failed += 1;
    if (state.failedPartitions.length < MAX_FAILED_PARTITIONS_LISTED) {
      state.failedPartitions.push(entry);
    }
    log.warn('a backfill partition failed', { key: entry.key, type: entry.type });
  };
  const startPartition = (key: string, partitionWindow: IngestWindow): void => {
    const workflowId = partitionWorkflowId(key);
    const settled = executeChild<typeof HackerNewsIngestWorkflow>(INGEST_WORKFLOW_TYPE, {
      workflowId,
      args: [{ ...partitionWindow, ...options.ingest }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    }).then(
      (result) => {
        state.totals.completed += 1;
        state.totals.counts = addIngestCounts(state.totals.counts, result.counts);
      },
      (error: unknown) => {
        if (isCancellation(error)) {
          cancelled ??= error instanceof Error ? error : new Error(String(error));
          return;
        }
        fail({ key, workflowId, ...failureOf(error) });
      },
    );
    const tracked = settled.finally(() => inFlight.delete(key));
    inFlight.set(key, tracked);
    state.maxInFlight = Math.max(state.maxInFlight, inFlight.size);
  };

  state.phase = 'running';
  let started = 0;
  while (
    state.next < runEnd &&
    cancelled === undefined &&
    !(started > 0 && workflowInfo().continueAsNewSuggested)
  ) {
    if (inFlight.size >= parallelism) {
      await Promise.race(inFlight.values());
      continue;
    }
    const { key, window: partitionWindow } = backfillPartition(options, state.next);
    state.next += 1;
    if (completed.has(key)) {
      state.totals.skipped += 1;
      continue;
    }
    started += 1;
    startPartition(key, partitionWindow);
  }
  // The cursor is exact only once every partition run of this run settled: continue-as-new and
  // the result wait for them.
  await Promise.all(inFlight.values());
  if (cancelled !== undefined) throw cancelled;

  if (state.next < total) {
    const continuation: BackfillContinuation = {
      nextStart: nextStart(),
      totals: state.totals,
      failedPartitions: state.failedPartitions,
      maxInFlight: state.maxInFlight,
      continuedAsNew: state.continuedAsNew + 1,
      startedAt,
    };
    return continueAsNew<typeof HackerNewsBackfillWorkflow>({
      start: window.start,
      end: window.end,
      partition: options.partition,
      parallelism,
      mode: options.mode,
      maxPartitions: options.maxPartitions,
      partitionsPerRun: options.partitionsPerRun,
      ingest: options.ingest,
      continuation,
    });
  }

  state.phase = 'done';
  const finishedAt = new Date().toISOString();
  return {
    window,
    partition: options.partition,
    mode: options.mode,
    parallelism,
    total,
    ...state.totals,
    failedPartitions: state.failedPartitions,
    maxInFlight: state.maxInFlight,
    continuedAsNew: state.continuedAsNew,
    startedAt,
    finishedAt,
    durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
  };
}

/** The failure type and message of a partition run that failed or could not start. */
function failureOf(error: unknown): { type: string; message: string } {
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return {
      type: ALREADY_RUNNING,
      message: `another run of this partition is in flight: ${error.message}`.slice(0, 500),
    };
  }
  // The cause that says what went wrong: the first ApplicationFailure down the chain (a partition
  // run fails with the activity failure that ended it, whose cause is the activity's own).
  let failure: unknown = error instanceof ChildWorkflowFailure && error.cause ? error.cause : error;
  for (let depth = 0; depth < 5; depth++) {
    if (failure instanceof ApplicationFailure || !(failure instanceof Error) || !failure.cause)
      break;
    failure = failure.cause;
  }
  const type =
    failure instanceof ApplicationFailure
      ? (failure.type ?? 'ApplicationFailure')
      : failure instanceof Error
        ? failure.name
        : 'Error';
  const message = failure instanceof Error ? failure.message : String(failure);
  return { type, message: message.slice(0, 500) };
}
