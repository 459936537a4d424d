import type { IngestWindow } from './ingest-input';
import type { IngestPartitionRecord } from './items';

/** What {@link partitionRows} reads of a partition: its window and its id range. */
export type PartitionIdSpan = Pick<
  IngestPartitionRecord,
  'windowStart' | 'windowEnd' | 'fromId' | 'toId'
>;

/**
 * What no stored partition covers between two neighbours: the time between their windows, the ids
 * between their ranges, or both (`null` for the one that is whole).
 */
export interface PartitionGap {
  kind: 'gap';
  window: IngestWindow | null;
  /** Both ends inclusive. */
  ids: { fromId: number; toId: number } | null;
}

/** A row of a partition listing: a stored partition, or a {@link PartitionGap} before it. */
export type PartitionRow<P> = { kind: 'partition'; partition: P } | PartitionGap;

/**
 * The partitions in the order given (the store lists windows by start, then id ranges), with a
 * gap row wherever the next partition starts after everything before it ended: in time (a window
 * starting after the previous windows ended) or in ids (a range starting past the previous
 * ranges' last id + 1; ids no partition holds were never stored, whatever their items' times).
 * Windowed partitions and id-range partitions are two sequences: no gap is counted across them.
 */
export function partitionRows<P extends PartitionIdSpan>(
  partitions: readonly P[],
): Array<PartitionRow<P>> {
  const rows: Array<PartitionRow<P>> = [];
  let windowed: boolean | undefined;
  let endMs: number | undefined;
  let end: string | undefined;
  let lastId: number | undefined;
  for (const partition of partitions) {
    const { windowStart, windowEnd, fromId, toId } = partition;
    const isWindow = windowStart !== null && windowEnd !== null;
    if (isWindow !== windowed) {
      windowed = isWindow;
      endMs = end = lastId = undefined;
    }
    const window =
      isWindow && end !== undefined && Date.parse(windowStart) > (endMs as number)
        ? { start: end, end: windowStart }
        : null;
    const empty = toId < fromId;
    const ids =
      !empty && lastId !== undefined && fromId > lastId + 1
        ? { fromId: lastId + 1, toId: fromId - 1 }
        : null;
    if (window !== null || ids !== null) rows.push({ kind: 'gap', window, ids });
    if (isWindow && (endMs === undefined || Date.parse(windowEnd) > endMs)) {
      endMs = Date.parse(windowEnd);
      end = windowEnd;
    }
    if (!empty) lastId = Math.max(lastId ?? toId, toId);
    rows.push({ kind: 'partition', partition });
  }
  return rows;
}
