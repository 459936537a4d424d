import { MAX_BACKFILL_PARTITIONS_PER_RUN } from './backfill-input';
import { InputProblem } from './options';

/** Most boundaries one `findPartitionEdges` call takes: one backfill run's partitions + 1. */
export const MAX_PARTITION_BOUNDARIES = MAX_BACKFILL_PARTITIONS_PER_RUN + 1;

/**
 * Input of the `findPartitionEdges` activity: the boundaries of consecutive partitions, ISO-8601
 * instants with a time zone, ascending (N partitions have N + 1).
 */
export interface FindPartitionEdgesInput {
  boundaries: string[];
  /**
   * The first boundary's edge when the caller knows it (the predecessor's last id + 1, carried
   * over a continue-as-new): the search then starts from it.
   */
  firstEdge?: number;
  /**
   * Keys of partitions among the boundaries that stay as stored (a backfill's skipped ones): an
   * edge next to one of them is taken from its stored row. The stored neighbours outside the
   * boundaries (ending at the first, starting at the last) always give their edge.
   */
  keep?: string[];
}

/**
 * The id edges of a run of partitions, found in one pass: partition `i` holds the ids
 * `[edges[i], edges[i + 1] - 1]`, so consecutive partitions tile the ids.
 */
export interface PartitionEdges {
  /**
   * One per boundary: the first id of the partition that starts there (the rule of edges, with
   * its tolerance for lagging clocks, is in the `@hn/workflows` README).
   */
  edges: number[];
  /** `/v0/maxitem.json` when the search ran. */
  maxItem: number;
  /** Item requests the search made (the `maxitem` request not included). */
  probes: number;
  /**
   * How many of the edges were taken from stored neighbours (or a follower's stored first id)
   * rather than searched.
   */
  stored?: number;
}

/**
 * The id range a backfill hands a partition run with its window (`HackerNewsIngestInput.edges`):
 * the run ingests exactly these ids and makes no search of its own.
 */
export interface IngestEdges {
  fromId: number;
  /** Inclusive; `fromId - 1` for an empty partition. */
  toId: number;
  /** The `maxitem` the edge pass saw, recorded with the partition for its `maxitem` check. */
  maxItem?: number;
}

/** Problems of an `edges` input: positive safe integers, `toId >= fromId - 1`. */
export function checkIngestEdges(value: unknown): InputProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [new InputProblem('edges', 'edges must be an object { fromId, toId }')];
  }
  const { fromId, toId, maxItem, ...rest } = value as Record<string, unknown>;
  const problems: InputProblem[] = [];
  if (Object.keys(rest).length > 0) {
    problems.push(
      new InputProblem('edges', `edges has unknown keys: ${Object.keys(rest).join(', ')}`),
    );
  }
  if (!Number.isSafeInteger(fromId) || (fromId as number) < 1) {
    problems.push(new InputProblem('edges.fromId', 'edges.fromId must be a positive integer'));
  } else if (!Number.isSafeInteger(toId) || (toId as number) < (fromId as number) - 1) {
    problems.push(
      new InputProblem('edges.toId', 'edges.toId must be an integer from edges.fromId - 1'),
    );
  }
  if (maxItem !== undefined && (!Number.isSafeInteger(maxItem) || (maxItem as number) < 0)) {
    problems.push(new InputProblem('edges.maxItem', 'edges.maxItem must be a whole number'));
  }
  return problems;
}
