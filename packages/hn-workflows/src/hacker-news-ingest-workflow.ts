import type { HackerNewsActivities } from '@hn/activities';
import {
  FAILURE_TYPES,
  MAX_INGEST_IDS,
  MAX_INVALID_SAMPLE,
  PIPELINE_NAMES,
  SEARCH_ATTRIBUTES,
  addIngestCounts,
  countedIds,
  emptyIngestCounts,
  resolveIngestInput,
  summaryText,
  type FailedChunk,
  type HackerNewsIngestInput,
  type HackerNewsIngestResult,
  type IngestCheckpoint,
  type IngestContinuation,
  type IngestFailureDetails,
  type IngestPartitionRecord,
  type IngestPhase,
  type IngestProgress,
  type PartitionStatus,
} from '@hn/contract';
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type WorkflowInfo,
} from '@temporalio/workflow';
import { ingestDetails } from './ingest-details';
import { ingestProgressQuery } from './ingest-progress';
import { BOUNDED_RETRY, FOREVER_RETRY } from './retry';

/** The search attribute a Schedule sets on the runs it starts or backfills. */
const SCHEDULED_START_TIME = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

const PIPELINE = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.pipeline.name,
  SearchAttributeType[SEARCH_ATTRIBUTES.pipeline.type],
);
const PARTITION_KEY = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.partitionKey.name,
  SearchAttributeType[SEARCH_ATTRIBUTES.partitionKey.type],
);
const PARTITION_START = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.partitionStart.name,
  SearchAttributeType[SEARCH_ATTRIBUTES.partitionStart.type],
);
const PARTITION_END = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.partitionEnd.name,
  SearchAttributeType[SEARCH_ATTRIBUTES.partitionEnd.type],
);

/** Patch id guarding the search-attribute upsert, so histories recorded before it replay. */
const SEARCH_ATTRIBUTES_PATCH = 'hn-ingest-search-attributes';

/** Patch id guarding the refusal of a window of more than `MAX_INGEST_IDS` ids. */
const WINDOW_CAP_PATCH = 'hn-ingest-window-cap';

/** Failed chunks listed in a failure's details; the count is always exact. */
const MAX_FAILED_CHUNKS_LISTED = 10;

/**
 * Ingests every Hacker News item of a time window or an id range into the worker's item store,
 * exactly once per id, and records the partition.
 *
 * Input (`HackerNewsIngestInput`, checked by `resolveIngestInput`): a window `{ start, end }`, an
 * id range `{ fromId, toId }`, or neither: then the `partition` (default one hour) that ends at
 * the run's scheduled time (`TemporalScheduledStartTime` for runs a Schedule starts or backfills,
 * the run's start time otherwise). Bad input fails at once with a non-retryable `InvalidInput`,
 * before anything is fetched or stored.
 *
 * A window is turned into ids by `findItemRange`; the range is cut into chunks of `chunkSize` ids,
 * each an `ingestItems` activity that stores its items itself and returns counts. At most
 * `maxParallelActivities` chunks are in flight (a sliding window), sharing `concurrency`
 * requests. After `chunksPerRun` chunks (or earlier, when Temporal suggests it), the run waits for
 * its chunks in flight and continues as new with the cursor and the counts, so no run's history
 * grows past about 2,000 events whatever the range. The partition is recorded `running` when its
 * range is known, then `completed` or `failed`, under one key per window or range.
 *
 * Each run sets the search attributes `HnPipeline = 'ingest'`, `HnPartitionKey` (the partition's
 * key) and, for a window, `HnPartitionStart`/`HnPartitionEnd` (`SEARCH_ATTRIBUTES` of
 * `@hn/contract`), so `temporal workflow list --query "HnPartitionKey = '…'"` or a range on
 * `HnPartitionStart` finds a partition's runs. The server must have them registered (`@hn/testing`'s dev servers and
 * `pnpm start` do): on a server without them the run's first workflow task fails and retries
 * until they are registered.
 *
 * A chunk still failing when its retry policy gives up (or failing for good) stops the run from
 * starting new chunks; once those in flight settle it records the partition `failed` and fails
 * with a non-retryable `HackerNewsIngestFailed` whose details (`IngestFailureDetails`) count what
 * was stored. With `retry: 'forever'` a failing chunk is retried until the API answers.
 */
export async function HackerNewsIngestWorkflow(
  input?: HackerNewsIngestInput,
): Promise<HackerNewsIngestResult> {
  const info = workflowInfo();
  const { input: options, problems } = resolveIngestInput(input, {
    scheduledTime: scheduledTimeOf(info),
  });
  if (problems.length > 0) {
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.invalidInput,
      nonRetryable: true,
      message: `Invalid HackerNewsIngestWorkflow input: ${problems.join('; ')}`,
      details: problems,
    });
  }

  const retry = options.retry === 'forever' ? FOREVER_RETRY : BOUNDED_RETRY;
  const { findItemRange, recordPartition } = proxyActivities<HackerNewsActivities>({
    startToCloseTimeout: '1 minute',
    retry,
  });
  const { ingestItems } = proxyActivities<HackerNewsActivities>({
    startToCloseTimeout: '1 hour',
    heartbeatTimeout: `${options.heartbeatTimeoutSeconds} seconds`,
    retry,
  });

  const { target, key } = options;
  const window = target.kind === 'window' ? target.window : null;
  if (patched(SEARCH_ATTRIBUTES_PATCH)) {
    // Every run of a continue-as-new chain sets them again, so each run is found by its window.
    upsertSearchAttributes([
      { key: PIPELINE, value: PIPELINE_NAMES.ingest },
      { key: PARTITION_KEY, value: key },
      ...(window
        ? [
            { key: PARTITION_START, value: new Date(window.start) },
            { key: PARTITION_END, value: new Date(window.end) },
          ]
        : []),
    ]);
  }
  const previous: IngestContinuation | null = options.continuation;
  const startedAt = previous?.startedAt ?? new Date().toISOString();
  const state = {
    phase: 'resolving' as IngestPhase,
    fromId: previous?.fromId ?? (target.kind === 'ids' ? target.fromId : null),
    toId: previous?.toId ?? (target.kind === 'ids' ? target.toId : null),
    nextId: previous?.nextId ?? 0,
    counts: previous?.counts ?? emptyIngestCounts(),
    invalidSample: previous?.invalidSample ?? [],
    continuedAsNew: previous?.continuedAsNew ?? 0,
    inFlight: 0,
  };
  const elapsedSeconds = (): number => (Date.now() - Date.parse(startedAt)) / 1000;
  const progress = (): IngestProgress => {
    const done = countedIds(state.counts);
    const elapsed = elapsedSeconds();
    return {
      phase: state.phase,
      key,
      window,
      fromId: state.fromId,
      toId: state.toId,
      total: state.fromId === null || state.toId === null ? 0 : state.toId - state.fromId + 1,
      done,
      counts: state.counts,
      invalidSample: state.invalidSample,
      itemsPerSecond: elapsed > 0 ? Math.round(done / elapsed) : 0,
      activitiesInFlight: state.inFlight,
      continuedAsNew: state.continuedAsNew,
    };
  };
  setHandler(ingestProgressQuery, progress);
  // Current details are served by the SDK's metadata query, not written to history: updating
  // them issues no command, so histories recorded before them replay unchanged.
  const showProgress = (): void => setCurrentDetails(ingestDetails(progress()));
  const setPhase = (phase: IngestPhase): void => {
    state.phase = phase;
    showProgress();
  };
  showProgress();

  const record = (status: PartitionStatus, fromId: number, toId: number): Promise<void> => {
    const partition: IngestPartitionRecord = {
      key,
      windowStart: window?.start ?? null,
      windowEnd: window?.end ?? null,
      fromId,
      toId,
      status,
      counts: status === 'running' ? null : state.counts,
      workflowId: info.workflowId,
      runId: info.firstExecutionRunId,
      startedAt,
      finishedAt: status === 'running' ? null : new Date().toISOString(),
    };
    return recordPartition.executeWithOptions({ summary: `partition ${status}` }, [partition]);
  };

  let fromId: number;
  let toId: number;
  if (previous) {
    ({ fromId, toId } = previous);
  } else {
    if (target.kind === 'window') {
      ({ fromId, toId } = await findItemRange.executeWithOptions(
        { summary: summaryText(`find the ids of ${target.window.start}/${target.window.end}`) },
        [target.window],
      ));
      // A window the API answers with more ids than one run may take (a `maxitem` far past the
      // real one, times that all fall in one window) is refused rather than fetched for days.
      // Only such runs reach the patch, so histories recorded before it replay unchanged.
      if (toId - fromId + 1 > MAX_INGEST_IDS && patched(WINDOW_CAP_PATCH)) {
        await record('failed', fromId, toId);
        throw ApplicationFailure.create({
          type: FAILURE_TYPES.ingestFailed,
          nonRetryable: true,
          message:
            `The window ${target.window.start}/${target.window.end} holds ${toId - fromId + 1} ids ` +
            `(${fromId}..${toId}) by the API's answers; one run ingests at most ${MAX_INGEST_IDS}. ` +
            'Check HN_API_URL, or ingest it as id ranges ({ fromId, toId }).',
        });
      }
    } else {
      ({ fromId, toId } = target);
    }
    state.fromId = fromId;
    state.toId = toId;
    state.nextId = fromId;
    showProgress();
    await record('running', fromId, toId);
  }

  setPhase('ingesting');
  const failed: FailedChunk[] = [];
  let failedChunkCount = 0;
  let cancelled: Error | undefined;

  const parallel = Math.max(
    1,
    Math.min(
      options.maxParallelActivities,
      options.concurrency,
      options.chunksPerRun,
      Math.ceil((toId - state.nextId + 1) / options.chunkSize),
    ),
  );
  const concurrency = Math.max(1, Math.floor(options.concurrency / parallel));
  const inFlight = new Set<Promise<void>>();
  let started = 0;

  const startChunk = (chunkFrom: number, chunkTo: number): void => {
    const settled = ingestItems
      .executeWithOptions({ summary: `ids ${chunkFrom}..${chunkTo}` }, [
        { fromId: chunkFrom, toId: chunkTo, concurrency, batchSize: options.batchSize },
      ])
      .then(
        (result) => {
          state.counts = addIngestCounts(state.counts, result.counts);
          addSample(state.invalidSample, result.invalidSample);
        },
        (error: unknown) => {
          if (isCancellation(error)) {
            cancelled ??= error instanceof Error ? error : new Error(String(error));
            return;
          }
          const checkpoint = checkpointOf(error, chunkFrom, chunkTo);
          if (checkpoint) {
            state.counts = addIngestCounts(state.counts, checkpoint.counts);
            addSample(state.invalidSample, checkpoint.invalidSample);
          }
          failedChunkCount += 1;
          if (failed.length < MAX_FAILED_CHUNKS_LISTED) {
            failed.push(failedChunk(error, chunkFrom, chunkTo, checkpoint));
          }
          log.warn('ingestItems gave up on a chunk', { fromId: chunkFrom, toId: chunkTo });
        },
      );
    const tracked: Promise<void> = settled.finally(() => {
      inFlight.delete(tracked);
      state.inFlight = inFlight.size;
      showProgress();
    });
    inFlight.add(tracked);
    state.inFlight = inFlight.size;
    showProgress();
  };

  try {
    while (
      state.nextId <= toId &&
      started < options.chunksPerRun &&
      failedChunkCount === 0 &&
      cancelled === undefined &&
      !(started > 0 && workflowInfo().continueAsNewSuggested)
    ) {
      if (inFlight.size >= parallel) {
        await Promise.race(inFlight);
        continue;
      }
      const chunkFrom = state.nextId;
      const chunkTo = Math.min(toId, chunkFrom + options.chunkSize - 1);
      state.nextId = chunkTo + 1;
      started += 1;
      startChunk(chunkFrom, chunkTo);
    }
    // Continue-as-new and the final record wait for every chunk in flight, so the cursor is
    // exact: every id below it is stored.
    await Promise.all(inFlight);
    if (cancelled !== undefined) throw cancelled;
  } catch (error) {
    if (isCancellation(error)) {
      setPhase('failed');
      await CancellationScope.nonCancellable(() => record('failed', fromId, toId));
    }
    throw error;
  }

  if (failedChunkCount > 0) {
    setPhase('failed');
    await record('failed', fromId, toId).catch((error: unknown) =>
      log.warn('recording the failed partition failed', { error: String(error) }),
    );
    const details: IngestFailureDetails = {
      key,
      window,
      fromId,
      toId,
      counts: state.counts,
      invalidSample: state.invalidSample,
      failedChunks: failed,
      failedChunkCount,
    };
    const first = failed[0] as FailedChunk;
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.ingestFailed,
      nonRetryable: true,
      message:
        `Ingest of ${key} (ids ${fromId}..${toId}) failed: ${failedChunkCount} chunk(s) could not be ` +
        `stored, first ids ${first.fromId}..${first.toId} from ${first.nextId} (${first.type}: ` +
        `${first.message}); ${countedIds(state.counts)} ids were stored and the partition is ` +
        `recorded failed. Run the same input again to complete it: stores upsert by id.`,
      details: [details],
    });
  }

  if (state.nextId <= toId) {
    const continuation: IngestContinuation = {
      key,
      window,
      fromId,
      toId,
      nextId: state.nextId,
      counts: state.counts,
      invalidSample: state.invalidSample,
      continuedAsNew: state.continuedAsNew + 1,
      startedAt,
    };
    return continueAsNew<typeof HackerNewsIngestWorkflow>({
      chunkSize: options.chunkSize,
      concurrency: options.concurrency,
      maxParallelActivities: options.maxParallelActivities,
      batchSize: options.batchSize,
      chunksPerRun: options.chunksPerRun,
      heartbeatTimeoutSeconds: options.heartbeatTimeoutSeconds,
      retry: options.retry,
      continuation,
    });
  }

  setPhase('recording');
  await record('completed', fromId, toId);
  setPhase('done');
  const finishedAt = new Date().toISOString();
  const durationMs = Date.parse(finishedAt) - Date.parse(startedAt);
  return {
    key,
    window,
    fromId,
    toId,
    total: toId - fromId + 1,
    counts: state.counts,
    invalidSample: state.invalidSample,
    continuedAsNew: state.continuedAsNew,
    startedAt,
    finishedAt,
    durationMs,
    itemsPerSecond: durationMs > 0 ? Math.round((countedIds(state.counts) * 1000) / durationMs) : 0,
  };
}

/** The Schedule's scheduled time of this run, or its start time when no Schedule started it. */
function scheduledTimeOf(info: WorkflowInfo): Date {
  const typed = info.typedSearchAttributes.get(SCHEDULED_START_TIME);
  if (typed instanceof Date && !Number.isNaN(typed.getTime())) return typed;
  return info.runStartTime;
}

/** The checkpoint an `ingestItems` failure carries in its details, if it is this chunk's. */
function checkpointOf(error: unknown, fromId: number, toId: number): IngestCheckpoint | undefined {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  if (!(failure instanceof ApplicationFailure)) return undefined;
  const [details] = (failure.details ?? []) as [Partial<IngestCheckpoint> | undefined];
  if (
    details?.fromId === fromId &&
    details.toId === toId &&
    typeof details.nextId === 'number' &&
    typeof details.counts === 'object' &&
    details.counts !== null &&
    Array.isArray(details.invalidSample)
  ) {
    return details as IngestCheckpoint;
  }
  return undefined;
}

function failedChunk(
  error: unknown,
  fromId: number,
  toId: number,
  checkpoint: IngestCheckpoint | undefined,
): FailedChunk {
  const failure = error instanceof ActivityFailure && error.cause ? error.cause : error;
  const type =
    failure instanceof ApplicationFailure
      ? (failure.type ?? 'ApplicationFailure')
      : failure instanceof Error
        ? failure.name
        : 'Error';
  const message = failure instanceof Error ? failure.message : String(failure);
  return {
    fromId,
    toId,
    nextId: checkpoint?.nextId ?? fromId,
    type,
    message: message.slice(0, 500),
  };
}

function addSample(sample: number[], more: readonly number[]): void {
  for (const id of more) {
    if (sample.length >= MAX_INVALID_SAMPLE) return;
    sample.push(id);
  }
}
