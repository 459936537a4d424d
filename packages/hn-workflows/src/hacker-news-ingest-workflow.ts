import {
  FAILURE_TYPES,
  INGEST_WORKFLOW_TYPE,
  MAX_INGEST_IDS,
  PIPELINE_NAMES,
  InputProblem,
  checkIngestEdges,
  resolveIngestInput,
  summaryText,
  type HackerNewsIngestInput,
  type HackerNewsIngestResult,
  type IngestContinuation,
  type IngestEdges,
  type IngestProgress,
  type IngestWindow,
  type ResolvedIngestInput,
} from '@hn/contract';
import {
  ApplicationFailure,
  CancellationScope,
  continueAsNew,
  defineQuery,
  isCancellation,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type WorkflowInfo,
} from '@temporalio/workflow';
import { ingestOptionsOf } from './internal/continue-as-new';
import { chunksFailure, ingestChunks } from './internal/ingest-chunks';
import { IngestRun, ingestActivities } from './internal/ingest-run';
import { refuseInvalidInput } from './internal/invalid-input';
import {
  PARTITION_END,
  PARTITION_KEY,
  PARTITION_START,
  PIPELINE,
  SCHEDULED_START_TIME,
} from './internal/search-attribute-keys';

/**
 * Query a running (or finished) ingest's progress: `handle.query(ingestProgressQuery)` answers an
 * `IngestProgress` (window, id range, ids done of total, counts by type, items per second).
 */
export const ingestProgressQuery = defineQuery<IngestProgress>('ingestProgress');

/** Patch id guarding the search-attribute upsert, so histories recorded before it replay. */
const SEARCH_ATTRIBUTES_PATCH = 'hn-ingest-search-attributes';

/** Patch id guarding the refusal of a window of more than `MAX_INGEST_IDS` ids. */
const WINDOW_CAP_PATCH = 'hn-ingest-window-cap';

/** Patch id guarding a window's edges taken from its stored neighbours (`findPartitionEdges`). */
const STORED_EDGES_PATCH = 'hn-ingest-stored-edges';

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
 * A window is turned into ids by `findPartitionEdges`: a stored `completed` partition that ends
 * where the window starts gives its first id (its last id + 1), one that starts where the window
 * ends gives its last id (its first id - 1), and only the edges without such a neighbour are
 * searched, so windows ingested one by one tile the ids whatever the items' times (the README's
 * "Partition edges"). A backfill hands its partition runs their `edges` instead. The range is cut into chunks of `chunkSize` ids,
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
  input?: HackerNewsIngestInput & { edges?: IngestEdges },
): Promise<HackerNewsIngestResult> {
  const { edges, rest } = splitEdges(input);
  const { input: options, problems } = resolveIngestInput(rest, {
    scheduledTime: scheduledTimeOf(workflowInfo()),
  });
  if (edges !== undefined) problems.push(...checkIngestEdges(edges));
  if (edges !== undefined && options.target.kind !== 'window') {
    problems.push(
      new InputProblem('edges', 'edges go with a window (start and end), as a backfill gives them'),
    );
  }
  refuseInvalidInput(INGEST_WORKFLOW_TYPE, problems);
  const activities = ingestActivities(options);
  const { recordPartition, ingestItems } = activities;
  if (patched(SEARCH_ATTRIBUTES_PATCH)) {
    // Every run of a continue-as-new chain sets them again, so each run is found by its window.
    upsertSearchAttributes(searchAttributesOf(options));
  }
  const run = new IngestRun(options, recordPartition);
  setHandler(ingestProgressQuery, () => run.progress());
  run.show();

  let range: { fromId: number; toId: number } | null = options.continuation;
  if (!range) {
    const { target } = options;
    const found =
      edges !== undefined
        ? edges
        : target.kind === 'window'
          ? await findWindowRange(activities, target.window)
          : target;
    if ('maxItem' in found) run.maxItem = found.maxItem;
    await refuseOversizedWindow(run, found.fromId, found.toId);
    run.fromId = found.fromId;
    run.toId = found.toId;
    run.nextId = found.fromId;
    run.show();
    await run.record('running', found.fromId, found.toId);
    range = { fromId: found.fromId, toId: found.toId };
  }
  const { fromId, toId } = range;

  run.setPhase('ingesting');
  const outcome = await ingestChunks(run, toId, options, ingestItems).catch(
    async (error: unknown) => {
      if (isCancellation(error)) {
        run.setPhase('failed');
        await CancellationScope.nonCancellable(() => run.record('failed', fromId, toId));
      }
      throw error;
    },
  );
  if (outcome.failedChunkCount > 0) {
    run.setPhase('failed');
    await run
      .record('failed', fromId, toId)
      .catch((error: unknown) =>
        log.warn('recording the failed partition failed', { error: String(error) }),
      );
    throw chunksFailure(run, fromId, toId, outcome);
  }
  if (run.nextId <= toId) return continueIngest(run, options, fromId, toId);

  run.setPhase('recording');
  await run.record('completed', fromId, toId);
  run.setPhase('done');
  return run.result(fromId, toId);
}

/**
 * The id range of a lone window: from its stored neighbours where they are, by search elsewhere
 * (`findPartitionEdges`). Runs that reach the patch make it; histories recorded before it replay
 * with `findItemRange`, a search that ignores the store.
 */
async function findWindowRange(
  activities: ReturnType<typeof ingestActivities>,
  window: IngestWindow,
): Promise<{ fromId: number; toId: number; maxItem: number }> {
  const summary = summaryText(`find the ids of ${window.start}/${window.end}`);
  if (!patched(STORED_EDGES_PATCH)) {
    return activities.findItemRange.executeWithOptions({ summary }, [window]);
  }
  const found = await activities.findPartitionEdges.executeWithOptions({ summary }, [
    { boundaries: [window.start, window.end] },
  ]);
  const [fromId, end] = found.edges as [number, number];
  return { fromId, toId: end - 1, maxItem: found.maxItem };
}

/**
 * A window the API answers with more ids than one run may take (a `maxitem` far past the real
 * one, times that all fall in one window) is refused rather than fetched for days. Only such runs
 * reach the patch, so histories recorded before it replay unchanged.
 */
async function refuseOversizedWindow(run: IngestRun, fromId: number, toId: number): Promise<void> {
  const { window } = run;
  if (!window || toId - fromId + 1 <= MAX_INGEST_IDS || !patched(WINDOW_CAP_PATCH)) return;
  await run.record('failed', fromId, toId);
  throw ApplicationFailure.create({
    type: FAILURE_TYPES.ingestFailed,
    nonRetryable: true,
    message:
      `The window ${window.start}/${window.end} holds ${toId - fromId + 1} ids ` +
      `(${fromId}..${toId}) by the API's answers; one run ingests at most ${MAX_INGEST_IDS}. ` +
      'Check HN_API_URL, or ingest it as id ranges ({ fromId, toId }).',
  });
}

/** Continues the chain as new with the cursor and the counts, once every chunk settled. */
function continueIngest(
  run: IngestRun,
  options: ResolvedIngestInput,
  fromId: number,
  toId: number,
): Promise<never> {
  const continuation: IngestContinuation = {
    key: run.key,
    window: run.window,
    fromId,
    toId,
    nextId: run.nextId,
    counts: run.counts,
    invalidSample: run.invalidSample,
    continuedAsNew: run.continuedAsNew + 1,
    startedAt: run.startedAt,
    ...(run.maxItem === undefined ? {} : { maxItem: run.maxItem }),
  };
  return continueAsNew<typeof HackerNewsIngestWorkflow>({
    ...ingestOptionsOf(options),
    continuation,
  });
}

/** `HnPipeline`, `HnPartitionKey` and, for a window, `HnPartitionStart`/`HnPartitionEnd`. */
function searchAttributesOf(options: ResolvedIngestInput) {
  const { target } = options;
  return [
    { key: PIPELINE, value: PIPELINE_NAMES.ingest },
    { key: PARTITION_KEY, value: options.key },
    ...(target.kind === 'window'
      ? [
          { key: PARTITION_START, value: new Date(target.window.start) },
          { key: PARTITION_END, value: new Date(target.window.end) },
        ]
      : []),
  ];
}

/**
 * The `edges` a backfill hands a partition run (its id range, from the backfill's one edge pass),
 * apart from the rest of the input.
 */
function splitEdges(input: (HackerNewsIngestInput & { edges?: IngestEdges }) | undefined): {
  edges: IngestEdges | undefined;
  rest: unknown;
} {
  if (typeof input !== 'object' || input === null || !('edges' in input)) {
    return { edges: undefined, rest: input };
  }
  const { edges, ...rest } = input;
  return { edges, rest };
}

/** The Schedule's scheduled time of this run, or its start time when no Schedule started it. */
function scheduledTimeOf(info: WorkflowInfo): Date {
  const typed = info.typedSearchAttributes.get(SCHEDULED_START_TIME);
  if (typed instanceof Date && !Number.isNaN(typed.getTime())) return typed;
  return info.runStartTime;
}
