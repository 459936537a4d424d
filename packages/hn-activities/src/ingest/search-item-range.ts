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
 * Cost: each bound is a binary search of at most ⌈log2(maxItem + 1)⌉ probes, one request each
 * when they land on timed ids, so about 2·log2(maxItem) requests for the two bounds (probes shared
 * by both are made once). A probe on an untimed id costs up to 2·{@link PROBE_STEPS} requests; a
 * run of untimed ids longer than that splits the search in two, each half at most as long as the
 * whole. Past {@link MAX_SEARCH_PROBES} requests it throws {@link SearchBudgetExceededError}.
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
   * The first id in [lo, hi] whose effective time (its own, or that of the next timed id) is at
   * least `targetMs`, given that `hi` qualifies (`maxItem + 1` stands for "none"). When
   * `lowKnownFalse`, id `lo - 1` is known not to qualify.
   */
  const lowerBound = async (
    targetMs: number,
    low: number,
    high: number,
    lowKnownFalse: boolean,
  ): Promise<number> => {
    let lo = low;
    let hi = high;
    let loKnownFalse = lowKnownFalse;
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
        else {
          lo = hit.id + 1;
          loKnownFalse = true;
        }
        continue;
      }
      // mid..untimedTo have no time: look back for a timed neighbour.
      let untimedFrom = mid;
      let belowKnownFalse = untimedFrom === lo && loKnownFalse;
      for (let id = mid - 1; id >= Math.max(lo, mid - PROBE_STEPS); id--) {
        const time = await timeOf(id);
        if (time !== undefined) {
          hit = { id, time };
          break;
        }
        untimedFrom = id;
        belowKnownFalse = untimedFrom === lo && loKnownFalse;
      }
      if (hit && hit.time * 1000 >= targetMs) {
        hi = hit.id;
        continue;
      }
      if (hit) belowKnownFalse = true;
      // untimedFrom..untimedTo share the effective time of the first timed id after them, so
      // they qualify exactly when untimedTo + 1 does: search above first.
      const above = await lowerBound(targetMs, untimedTo + 1, hi, false);
      if (above > untimedTo + 1) return above;
      if (belowKnownFalse) return untimedFrom;
      hi = untimedFrom;
    }
    return lo;
  };

  const fromId = await lowerBound(startMs, 1, maxItem + 1, true);
  const end = await lowerBound(endMs, fromId, maxItem + 1, true);
  return { fromId, toId: end - 1, probes };
}
