import { Context } from '@temporalio/activity';
import { ApplicationFailure, type Logger } from '@temporalio/common';
import {
  FAILURE_TYPES,
  MAX_PARTITION_BOUNDARIES,
  checkWindow,
  parseInstant,
  type FindItemRangeInput,
  type FindPartitionEdgesInput,
  type FollowStore,
  type InputProblem,
  type ItemRange,
  type ItemStore,
  type PartitionEdges,
} from '@hn/contract';
import { z } from 'zod';
import { HackerNewsApiError, toApplicationFailure } from '../errors';
import type { HackerNewsClient } from '../hacker-news-client';
import { parseInput } from '../internal/activity-input';
import type { RawItem } from '../raw-item';
import { findItemRangeInput } from './ingest-input';
import { SearchFailedError, edgeTolerance, searchEdges } from './search-item-range';
import { storeFailure } from '../internal/store-failure';
import { storedEdgesOf } from './stored-edges';

/** What `findItemRange` and `findPartitionEdges` need. */
export interface FindEdgesDeps {
  client: HackerNewsClient;
  /** Where stored neighbours fix edges; `undefined`: every edge is searched. */
  items: ItemStore | undefined;
  /** Where a follower's first id fixes the last edge; `undefined`: none does. */
  follow: FollowStore | undefined;
  fetchItem: (id: number, signal: AbortSignal) => Promise<RawItem | null>;
  logger: () => Logger;
}

const findPartitionEdgesInput = z
  .object({
    boundaries: z.array(z.string()).min(2).max(MAX_PARTITION_BOUNDARIES),
    firstEdge: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    keep: z.array(z.string().min(1).max(200)).max(MAX_PARTITION_BOUNDARIES).optional(),
  })
  .strict()
  .superRefine((value, context) => {
    const problems: InputProblem[] = [];
    value.boundaries.slice(1).forEach((end, index) => {
      checkWindow(value.boundaries[index], end, problems, Number.MAX_SAFE_INTEGER);
    });
    for (const { message } of problems.slice(0, 5)) context.addIssue({ code: 'custom', message });
  });

/** The body of the `findItemRange` activity (documented in `createIngestActivities`). */
export async function findItemRange(
  deps: FindEdgesDeps,
  input: FindItemRangeInput,
): Promise<ItemRange> {
  const { start, end } = parseInput('findItemRange', findItemRangeInput, input);
  const found = await findEdges(deps, [start, end], [], `the window ${start}/${end}`);
  const [fromId, endEdge] = found.edges as [number, number];
  const range = { fromId, toId: endEdge - 1, maxItem: found.maxItem, probes: found.probes };
  deps.logger().info('findItemRange: done', { start, end, ...range });
  return range;
}

/** The body of the `findPartitionEdges` activity (documented in `createIngestActivities`). */
export async function findPartitionEdges(
  deps: FindEdgesDeps,
  input: FindPartitionEdgesInput,
): Promise<PartitionEdges> {
  const { boundaries, firstEdge, keep } = parseInput(
    'findPartitionEdges',
    findPartitionEdgesInput,
    input,
  );
  const scope = `the partitions ${boundaries[0]}/${boundaries.at(-1)}`;
  const known = await storedEdgesOf(deps.items, boundaries, keep);
  if (firstEdge !== undefined) known[0] = firstEdge;
  const found = await findEdges(deps, boundaries, known, scope);
  deps.logger().info('findPartitionEdges: done', {
    boundaries: boundaries.length,
    stored: found.stored,
    maxItem: found.maxItem,
    probes: found.probes,
  });
  return found;
}

/**
 * The edges of `boundaries` (ISO instants) by {@link searchEdges} against the API; `scope` names
 * them in a failure.
 */
async function findEdges(
  deps: FindEdgesDeps,
  boundaries: readonly string[],
  knownEdges: ReadonlyArray<number | undefined>,
  scope: string,
): Promise<PartitionEdges> {
  const { cancellationSignal: signal } = Context.current();
  try {
    const maxItem = await deps.client.maxItem({ signal });
    const boundariesMs = boundaries.map((instant) => parseInstant(instant) as number);
    const { lagMs, slackMs } = edgeTolerance(boundariesMs);
    const { edges, probes } = await searchEdges({
      // Past items timed before each boundary by clocks lagging up to the lag.
      boundariesMs: boundariesMs.map((ms) => ms + lagMs),
      maxItem,
      knownEdges,
      slackMs,
      timeOf: async (id) => {
        try {
          return (await deps.fetchItem(id, signal))?.time;
        } catch (error) {
          if (error instanceof HackerNewsApiError && !error.retryable && isItemLevel(error)) {
            return undefined;
          }
          throw error;
        }
      },
    });
    const followed = await stopAtFollower(deps.follow, edges, knownEdges);
    const stored = knownEdges.filter((edge) => edge !== undefined).length + (followed ? 1 : 0);
    return { edges, maxItem, probes, ...(stored > 0 ? { stored } : {}) };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof HackerNewsApiError) throw toApplicationFailure(error);
    if (error instanceof SearchFailedError) {
      throw ApplicationFailure.create({
        type: FAILURE_TYPES.invalidPayload,
        nonRetryable: true,
        message: `Finding the ids of ${scope} failed, nothing was stored: ${error.message} (${error.reason}). Check HN_API_URL and the API's answers, then run it again.`,
        details: [{ cause: error.reason }],
      });
    }
    throw error;
  }
}

/**
 * A follower's first id is a known edge, as a stored successor's first id is: where the searched
 * last edge lies past it and the edge before below it, the last edge is moved back to it, so the
 * last partition ends where the follower began and no id is fetched by both. (A follower that
 * began inside an earlier partition leaves it as it is: its ids are fetched twice, never lost.)
 * Returns whether it moved the edge; the store failing: a retryable `PipelineStoreError`.
 */
async function stopAtFollower(
  follow: FollowStore | undefined,
  edges: number[],
  knownEdges: ReadonlyArray<number | undefined>,
): Promise<boolean> {
  const last = edges.length - 1;
  if (follow === undefined || knownEdges[last] !== undefined) return false;
  let first: number | null;
  try {
    first = await follow.followStart();
  } catch (error) {
    throw storeFailure("Reading the follower's first id", error);
  }
  if (first === null || first >= (edges[last] as number) || first <= (edges[last - 1] as number)) {
    return false;
  }
  edges[last] = first;
  return true;
}

/** Per-item failures that say the id has no usable item: it is recorded, not retried. */
function isItemLevel(error: HackerNewsApiError): boolean {
  return (
    error.code === 'NOT_FOUND' ||
    error.code === 'INVALID_PAYLOAD' ||
    error.code === 'RESPONSE_TOO_LARGE'
  );
}
