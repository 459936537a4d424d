import { parseInstant, type ItemStore, type PartitionNeighbour } from '@hn/contract';
import { storeFailure } from '../internal/store-failure';

/**
 * The edges of `boundaries` that stored partitions fix, by boundary (`undefined` where none
 * does), so that new partitions tile the ids with the stored ones:
 *
 * - a `completed` partition ending at a boundary gives it its last id + 1: before the first
 *   boundary any such partition, inside only one whose key is in `keep`;
 * - else a `completed` partition starting there gives its first id: after the last boundary any
 *   such partition, inside only one in `keep`.
 *
 * `keep` names the partitions among the boundaries that stay as stored (a backfill's skipped
 * ones); the others are about to be ingested again, so their stored rows give nothing. Where two
 * stored rows disagree (partitions of different lengths), the edge leaves out the ids of both:
 * the highest last id, the lowest first id. A store without `completedPartitionsAt` gives no
 * edges. The store failing: a retryable `PipelineStoreError`.
 */
export async function storedEdgesOf(
  store: ItemStore | undefined,
  boundaries: readonly string[],
  keep: readonly string[] = [],
): Promise<Array<number | undefined>> {
  if (store?.completedPartitionsAt === undefined) return boundaries.map(() => undefined);
  let stored: PartitionNeighbour[];
  try {
    stored = await store.completedPartitionsAt(boundaries);
  } catch (error) {
    throw storeFailure('Reading the stored neighbours of the partitions', error);
  }
  const kept = new Set(keep);
  const last = boundaries.length - 1;
  return boundaries.map((boundary, index) => {
    const instant = new Date(parseInstant(boundary) as number).toISOString();
    const ending = stored.filter(
      (p) => p.windowEnd === instant && (index === 0 || kept.has(p.key)),
    );
    if (ending.length > 0) return Math.max(...ending.map((p) => p.toId)) + 1;
    const starting = stored.filter(
      (p) => p.windowStart === instant && (index === last || kept.has(p.key)),
    );
    if (starting.length > 0) return Math.min(...starting.map((p) => p.fromId));
    return undefined;
  });
}
