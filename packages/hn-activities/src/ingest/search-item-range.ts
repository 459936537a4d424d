/**
 * Ids a probe that lands on an id without a `time` (`null`, a 404, an invalid payload, a
 * tombstone without time) looks at forward, and then backward, for one that has one.
 */
export const PROBE_STEPS = 4;

/**
 * Most item requests one search makes. A search over the real archive (47 million ids) makes
 * about 2 × 26; only an id space riddled with long runs of ids without a time comes near this.
 */
export const MAX_SEARCH_PROBES = 512;

/** Thrown when a search would pass {@link MAX_SEARCH_PROBES}. */
export class SearchBudgetExceededError extends Error {
  override readonly name = 'SearchBudgetExceededError';
}

/** Options of {@link searchItemRange}. */
export interface SearchItemRangeOptions {
  /** Window start, Unix ms, inclusive. */
  startMs: number;
  /** Window end, Unix ms, exclusive; after `startMs`. */
  endMs: number;
  /** The largest id to consider. */
  maxItem: number;
  /** The `time` of an id in Unix seconds, or `undefined` when it has none. */
  timeOf: (id: number) => Promise<number | undefined>;
}

/**
 * The ids whose `time` falls in `[startMs, endMs)`, by binary search on `time` between 1 and
 * `maxItem`, assuming `time` does not decrease with the id (true of Hacker News).
 *
 * An id without a time belongs with the next id that has one, so consecutive windows partition
 * the ids and none is lost between them; ids after the last timed id belong to no window. The
 * result is `{ fromId, toId }` with `toId = fromId - 1` for an empty window.
 *
 * Cost: each bound is a binary search of at most ⌈log2(maxItem + 1)⌉ steps, and probes shared by
 * the two are made once, so a search costs at most 2·⌈log2(maxItem + 1)⌉ requests (52 for the
 * real archive of 47 million ids) plus (2·{@link PROBE_STEPS} − 1) for each probe that lands on
 * an id without a time. Only a run of more than 2·PROBE_STEPS ids without a time (which Hacker
 * News does not have) can split the search in two; it never makes more than
 * {@link MAX_SEARCH_PROBES} requests, and throws {@link SearchBudgetExceededError} instead.
 */
export async function searchItemRange(
  options: SearchItemRangeOptions,
): Promise<{ fromId: number; toId: number; probes: number }> {
  const { startMs, endMs, maxItem } = options;
  const cache = new Map<number, number | undefined>();
  let probes = 0;
  const timeOf = async (id: number): Promise<number | undefined> => {
    if (cache.has(id)) return cache.get(id);
    if (probes >= MAX_SEARCH_PROBES) {
      throw new SearchBudgetExceededError(
        `finding the ids of a window took more than ${MAX_SEARCH_PROBES} requests: too many ids without a time`,
      );
    }
    probes += 1;
    const time = await options.timeOf(id);
    cache.set(id, time);
    return time;
  };

  /**
   * The first id in [low, high] whose effective time (its own, or that of the next timed id) is
   * at least `targetMs`, given that `high` qualifies (`maxItem + 1` stands for "none").
   */
  const lowerBound = async (targetMs: number, low: number, high: number): Promise<number> => {
    let lo = low;
    let hi = high;
    while (lo < hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      let untimedTo = mid;
      let hit: { id: number; time: number } | undefined;
      for (let id = mid; id < Math.min(hi, mid + PROBE_STEPS); id++) {
        const time = await timeOf(id);
        if (time !== undefined) {
          hit = { id, time };
          break;
        }
        untimedTo = id;
      }
      if (hit) {
        if (hit.time * 1000 >= targetMs) hi = mid;
        else lo = hit.id + 1;
        continue;
      }
      // mid..untimedTo have no time: look back for a timed neighbour.
      let untimedFrom = mid;
      for (let id = mid - 1; id >= Math.max(lo, mid - PROBE_STEPS); id--) {
        const time = await timeOf(id);
        if (time !== undefined) {
          hit = { id, time };
          break;
        }
        untimedFrom = id;
      }
      if (hit && hit.time * 1000 >= targetMs) {
        hi = hit.id;
        continue;
      }
      // untimedFrom..untimedTo share the effective time of the first timed id after them, so
      // they qualify exactly when untimedTo + 1 does: search above them first.
      const above = await lowerBound(targetMs, untimedTo + 1, hi);
      if (above > untimedTo + 1) return above;
      // They qualify. With a timed neighbour below that does not, the answer is their first id;
      // otherwise it may lie further down.
      if (hit) return untimedFrom;
      hi = untimedFrom;
    }
    return lo;
  };

  const fromId = await lowerBound(startMs, 1, maxItem + 1);
  // Ids below fromId are timed before start, hence before end: the second search starts there.
  const end = await lowerBound(endMs, fromId, maxItem + 1);
  return { fromId, toId: end - 1, probes };
}
