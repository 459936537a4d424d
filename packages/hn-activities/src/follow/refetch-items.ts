import type { ItemRecord, ItemStore } from '@hn/contract';
import { HackerNewsApiError } from '../errors';
import { ConcurrencyLimiter } from '../internal/concurrency-limiter';
import type { FetchItem } from '../internal/fetch-item';
import { toItemRecord } from '../ingest/item-record';

/** What {@link refetchItems} did. */
export interface RefetchResult {
  /** Items fetched again and stored. */
  stored: number;
  /** Ids left as they were: the API answered `null`, 404, an invalid payload, or kept failing. */
  skipped: number;
}

/**
 * Fetches `ids` again, `concurrency` at a time, and stores the items in one batch. An id the API
 * no longer answers with an item (null, 404, an invalid payload) or that still fails after the
 * in-process retries keeps its stored row: a refresh never turns a stored item into a gap.
 * A deleted item is stored as its tombstone.
 */
export async function refetchItems(options: {
  ids: readonly number[];
  concurrency: number;
  fetchItem: FetchItem;
  store: ItemStore;
  signal: AbortSignal;
}): Promise<RefetchResult> {
  const { ids, fetchItem, signal } = options;
  const limiter = new ConcurrencyLimiter(options.concurrency);
  const records: ItemRecord[] = [];
  let skipped = 0;
  await Promise.all(
    ids.map((id) =>
      limiter.run(async () => {
        try {
          const raw = await fetchItem(id, signal);
          if (raw === null) skipped += 1;
          else records.push(toItemRecord(id, raw, Date.now()));
        } catch (error) {
          if (signal.aborted || !(error instanceof HackerNewsApiError)) throw error;
          skipped += 1;
        }
      }, signal),
    ),
  );
  if (records.length > 0) await options.store.saveItems(records);
  return { stored: records.length, skipped };
}
