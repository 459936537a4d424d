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

/** Runs `task` over `items` with at most `limit` in flight; results keep the order of `items`. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
