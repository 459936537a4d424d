import { ITEMS_BUDGET_BYTES, type SkippedItem } from '@hn/contract';

/** How a run splits its ids into `fetchStories` activities within a concurrency budget. */
export interface FetchPlan {
  chunks: number[][];
  /** `fetchStories` activities in flight at once. */
  parallelActivities: number;
  /** Requests in flight inside each activity. */
  concurrencyPerActivity: number;
}

/** Most `fetchStories` activities in flight at once, whatever the concurrency. */
export const MAX_PARALLEL_ACTIVITIES = 10;

/**
 * Splits `ids` into chunks of `chunkSize` and spreads `concurrency` over the chunks in flight,
 * so that `parallelActivities * concurrencyPerActivity <= concurrency`.
 */
export function planFetch(
  ids: readonly number[],
  chunkSize: number,
  concurrency: number,
): FetchPlan {
  const chunks: number[][] = [];
  for (let start = 0; start < ids.length; start += chunkSize) {
    chunks.push(ids.slice(start, start + chunkSize));
  }
  const parallelActivities = Math.max(
    1,
    Math.min(chunks.length, MAX_PARALLEL_ACTIVITIES, concurrency),
  );
  const concurrencyPerActivity = Math.max(1, Math.floor(concurrency / parallelActivities));
  return { chunks, parallelActivities, concurrencyPerActivity };
}

/**
 * A list's ids without repeats, in first-seen order, and a `duplicate` skip for every later
 * occurrence, naming the position (1-based) of the first.
 */
export function splitDuplicates(ids: readonly number[]): {
  unique: number[];
  duplicates: SkippedItem[];
} {
  const firstPosition = new Map<number, number>();
  const unique: number[] = [];
  const duplicates: SkippedItem[] = [];
  ids.forEach((id, index) => {
    const first = firstPosition.get(id);
    if (first === undefined) {
      firstPosition.set(id, index + 1);
      unique.push(id);
    } else {
      duplicates.push({
        id,
        reason: 'duplicate',
        detail: `also at position ${first} of the list`,
      });
    }
  });
  return { unique, duplicates };
}

/**
 * Each of a run's ids' share of `ITEMS_BUDGET_BYTES`, in bytes: the stories and skipped items of
 * `idCount` ids then take at most `ITEMS_BUDGET_BYTES` together, in every payload.
 */
export function entryShare(idCount: number): number {
  return Math.floor(ITEMS_BUDGET_BYTES / Math.max(1, idCount));
}

/**
 * `text` cut to what surely fits an entry of `maxBytes` (6 bytes per code unit, the most JSON
 * takes for one), never between the halves of a surrogate pair.
 */
export function cutDetail(text: string, maxBytes: number): string {
  const units = Math.max(0, Math.floor((maxBytes - DETAIL_ENVELOPE_BYTES) / 6));
  if (text.length <= units) return text;
  const code = text.charCodeAt(units - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? units - 1 : units);
}

/** The JSON of a skipped item around its detail: `{"id":…,"reason":"unavailable","detail":""}`. */
const DETAIL_ENVELOPE_BYTES = 64;
