import {
  FAILURE_TYPES,
  countedIds,
  type FailedChunk,
  type IngestCheckpoint,
  type IngestFailureDetails,
  type ResolvedIngestInput,
} from '@hn/contract';
import { ActivityFailure, ApplicationFailure, log } from '@temporalio/workflow';
import { continueAsNewSuggested } from './continue-as-new';
import { cancellationOf, describeFailure } from './failure-cause';
import type { IngestRun, ingestActivities } from './ingest-run';
import { slidingWindow } from './sliding-window';

/** Failed chunks listed in a failure's details; the count is always exact. */
const MAX_FAILED_CHUNKS_LISTED = 10;

/** What {@link ingestChunks} left to do. */
export interface ChunksOutcome {
  /** The chunks that failed (the first {@link MAX_FAILED_CHUNKS_LISTED}). */
  failed: FailedChunk[];
  failedChunkCount: number;
}

/**
 * Ingests `run`'s range from its cursor in chunks of `chunkSize` ids, each an `ingestItems`
 * activity, at most `maxParallelActivities` in flight sharing `concurrency` requests. Stops
 * starting chunks after `chunksPerRun`, when Temporal suggests continue-as-new, on the first chunk
 * that fails for good, or on cancellation; returns once every chunk in flight settled, so the
 * cursor is exact. Rethrows a cancellation then.
 */
export async function ingestChunks(
  run: IngestRun,
  toId: number,
  options: ResolvedIngestInput,
  ingestItems: ReturnType<typeof ingestActivities>['ingestItems'],
): Promise<ChunksOutcome> {
  const outcome: ChunksOutcome = { failed: [], failedChunkCount: 0 };
  let cancelled: Error | undefined;
  const parallel = Math.max(
    1,
    Math.min(
      options.maxParallelActivities,
      options.concurrency,
      options.chunksPerRun,
      Math.ceil((toId - run.nextId + 1) / options.chunkSize),
    ),
  );
  const concurrency = Math.max(1, Math.floor(options.concurrency / parallel));
  let started = 0;

  await slidingWindow({
    size: parallel,
    next: () => {
      if (
        run.nextId > toId ||
        started >= options.chunksPerRun ||
        outcome.failedChunkCount > 0 ||
        cancelled !== undefined ||
        continueAsNewSuggested(started)
      ) {
        return undefined;
      }
      const chunk = {
        fromId: run.nextId,
        toId: Math.min(toId, run.nextId + options.chunkSize - 1),
      };
      run.nextId = chunk.toId + 1;
      started += 1;
      return chunk;
    },
    run: async ({ fromId, toId: chunkTo }) => {
      try {
        const result = await ingestItems.executeWithOptions(
          { summary: `ids ${fromId}..${chunkTo}` },
          [{ fromId, toId: chunkTo, concurrency, batchSize: options.batchSize }],
        );
        run.add(result.counts, result.invalidSample);
      } catch (error) {
        cancelled ??= cancellationOf(error);
        if (cancelled !== undefined) return;
        const checkpoint = checkpointOf(error, fromId, chunkTo);
        if (checkpoint) run.add(checkpoint.counts, checkpoint.invalidSample);
        outcome.failedChunkCount += 1;
        if (outcome.failed.length < MAX_FAILED_CHUNKS_LISTED) {
          outcome.failed.push({
            fromId,
            toId: chunkTo,
            nextId: checkpoint?.nextId ?? fromId,
            ...describeFailure(error),
          });
        }
        log.warn('ingestItems gave up on a chunk', { fromId, toId: chunkTo });
      }
    },
    onChange: (inFlight) => {
      run.inFlight = inFlight;
      run.show();
    },
  });
  if (cancelled !== undefined) throw cancelled;
  return outcome;
}

/**
 * The non-retryable `HackerNewsIngestFailed` of a run whose chunks failed, with details that
 * count what was stored.
 */
export function chunksFailure(
  run: IngestRun,
  fromId: number,
  toId: number,
  outcome: ChunksOutcome,
): ApplicationFailure {
  const details: IngestFailureDetails = {
    key: run.key,
    window: run.window,
    fromId,
    toId,
    counts: run.counts,
    invalidSample: run.invalidSample,
    failedChunks: outcome.failed,
    failedChunkCount: outcome.failedChunkCount,
  };
  const first = outcome.failed[0] as FailedChunk;
  return ApplicationFailure.create({
    type: FAILURE_TYPES.ingestFailed,
    nonRetryable: true,
    message:
      `Ingest of ${run.key} (ids ${fromId}..${toId}) failed: ${outcome.failedChunkCount} chunk(s) ` +
      `could not be stored, first ids ${first.fromId}..${first.toId} from ${first.nextId} ` +
      `(${first.type}: ${first.message}); ${countedIds(run.counts)} ids were stored and the ` +
      `partition is recorded failed. Run the same input again to complete it: stores upsert by id.`,
    details: [details],
  });
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
