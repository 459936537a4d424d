import { setTimeout as delay } from 'node:timers/promises';
import { HackerNewsApiError } from '../errors';
import type { HackerNewsClient } from '../hacker-news-client';
import type { RawItem } from '../raw-item';
import { linkSignal } from './abort-link';

/** How `fetchStories` retries one item's transient failures before leaving it to Temporal. */
export interface ItemRetryOptions {
  /** Attempts per item within one activity attempt, including the first. Default 3. */
  attempts?: number;
  /** Delay before the first retry; doubles on each retry. Default 200 ms. */
  initialDelayMs?: number;
  /**
   * Longest delay waited in-process. A `Retry-After` longer than this ends the in-process
   * retries for that item. Default 2000 ms.
   */
  maxDelayMs?: number;
}

const DEFAULT_ITEM_RETRY: Required<ItemRetryOptions> = {
  attempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 2000,
};

/** Fetches one item, retrying its transient failures in-process. */
export type FetchItem = (id: number, batchSignal: AbortSignal) => Promise<RawItem | null>;

/**
 * A {@link FetchItem} on `client`: a retryable {@link HackerNewsApiError} is retried with
 * doubling backoff (at least its `Retry-After`) up to `options.attempts`; any other error, or a
 * wait longer than `maxDelayMs`, is thrown at once.
 */
export function createItemFetcher(client: HackerNewsClient, options?: ItemRetryOptions): FetchItem {
  const retry = { ...DEFAULT_ITEM_RETRY, ...options };
  return async (id, batchSignal) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await client.item(id, { signal: batchSignal });
      } catch (error) {
        if (
          !(error instanceof HackerNewsApiError) ||
          !error.retryable ||
          attempt >= retry.attempts
        ) {
          throw error;
        }
        const backoff = Math.min(retry.initialDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
        const wait = Math.max(backoff, error.retryAfterMs ?? 0);
        if (wait > retry.maxDelayMs) throw error;
        await backOff(wait, batchSignal);
      }
    }
  };
}

/**
 * Waits `ms`, or rejects once `batchSignal` aborts. The wait's listener goes on a signal of its
 * own, linked to the batch's shared one; only a retry makes one (the client links each request
 * itself), so the usual fetch that succeeds at once costs no extra `AbortController`.
 */
async function backOff(ms: number, batchSignal: AbortSignal): Promise<void> {
  const link = linkSignal(batchSignal);
  try {
    await delay(ms, undefined, { signal: link.signal });
  } finally {
    link.release();
  }
}
