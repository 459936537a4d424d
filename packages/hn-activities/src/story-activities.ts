import { Context } from '@temporalio/activity';
import { ApplicationFailure, type Logger } from '@temporalio/common';
import {
  FAILURE_TYPES,
  FIELD_LIMITS,
  type FailureType,
  type PipelineStore,
  type RunRecord,
  type SaveRunResult,
  type SkippedItem,
  type Story,
  type StoryList,
  type WordCount,
} from '@hn/contract';
import { HackerNewsApiError, toApplicationFailure } from './errors';
import type { HackerNewsClient } from './hacker-news-client';
import {
  extractTopWordsInput,
  fetchStoriesInput,
  fetchStoriesProgress,
  fetchStoryIdsInput,
  parseInput,
  runRecordInput,
} from './internal/activity-input';
import type { FetchItem } from './internal/fetch-item';
import { storeFailure } from './internal/store-failure';
import { runPool } from './internal/run-pool';
import { capText } from './item-limits';
import { cutToJsonBytes, fitSkipped, fitStory, jsonBytes, waterLevel } from './payload-budget';
import { skippedFromError, toStoryOutcome, type StoryOutcome } from './story';
import { topWords } from './word-frequency';

/** Input of `fetchStoryIds`. */
export interface FetchStoryIdsInput {
  list: StoryList;
  /** How many ids to return from the head of the list: 1 to 500. */
  limit: number;
}

/** Input of `fetchStories`. */
export interface FetchStoriesInput {
  /**
   * Positive item ids, at most 500. An id given more than once is fetched once; each later
   * occurrence is reported as skipped `duplicate`.
   */
  ids: number[];
  /** Items fetched at once by this call: 1 to 200. Default 10. */
  concurrency?: number;
  /**
   * Most bytes (UTF-8 JSON) the result, each heartbeat and an incomplete batch's details may
   * take: from `512 * ids.length` (`MIN_ENTRY_BYTES` per id) to `ITEMS_BUDGET_BYTES` (448 KiB),
   * the default. Past it, the largest stories and skip details are cut (flagged) until it fits.
   */
  maxResultBytes?: number;
}

/**
 * Result of `fetchStories`, in the order of the input ids. It is also the heartbeat detail
 * (the outcomes finished so far) a retried attempt resumes from.
 */
export interface FetchStoriesResult {
  stories: Story[];
  skipped: SkippedItem[];
}

/** Why one id of an incomplete batch still failed: its own failure, not its neighbour's. */
export interface ItemFailure {
  id: number;
  /** The `ApplicationFailure.type` of the failure, e.g. `HackerNewsTimeout`. */
  type: FailureType;
  /** Its message, cut to `FIELD_LIMITS.detail`. */
  message: string;
}

/** Input of `extractTopWords`. */
export interface ExtractTopWordsInput {
  /** At most 10,000 titles. */
  titles: string[];
  /** Words to return: 1 to 1000. Default 10. */
  limit?: number;
}

/** Result of `storeRun`: what the store reported, or `stored: false` without a store. */
export type StoreRunResult = (SaveRunResult & { stored: true }) | { stored: false };

/**
 * Details of a `HackerNewsIncompleteBatch` failure; `failures` and `partial` together stay
 * within the call's `maxResultBytes`.
 */
export interface IncompleteBatchDetails {
  /** Ids that still failed with a retryable error; the next attempt fetches only these. */
  failedIds: number[];
  /** Each failed id's own failure, in the order of `failedIds`. */
  failures: ItemFailure[];
  /**
   * What this attempt finished (stories and skips). When the retry policy gives up, the caller
   * keeps these and reports only `failedIds` as unavailable: one item's failure never costs the
   * rest of its chunk.
   */
  partial: FetchStoriesResult;
}

/** What the tutorial's activities need from `createActivities`. */
export interface StoryActivitiesDeps {
  client: HackerNewsClient;
  /** Destination of `storeRun`; without one it stores nothing. */
  store: PipelineStore | undefined;
  fetchItem: FetchItem;
  heartbeatIntervalMs: number;
  logger: () => Logger;
}

/**
 * The tutorial's activities (`fetchStoryIds`, `fetchStories`, `extractTopWords`, `storeRun`);
 * `createActivities` includes them.
 */
export function createStoryActivities(deps: StoryActivitiesDeps) {
  const { client, store } = deps;
  return {
    /**
     * The first `limit` ids of a story list.
     *
     * Failures: `InvalidInput`; API failures typed by {@link FAILURE_TYPES}, where a 404
     * (`HackerNewsNotFound`) or an invalid payload is non-retryable.
     */
    async fetchStoryIds(input: FetchStoryIdsInput): Promise<number[]> {
      const { list, limit } = parseInput('fetchStoryIds', fetchStoryIdsInput, input);
      const { cancellationSignal } = Context.current();
      try {
        const ids = await client.storyIds(list, { signal: cancellationSignal });
        return ids.slice(0, limit);
      } catch (error) {
        throw toActivityError(error, cancellationSignal);
      }
    },

    /**
     * Fetches a chunk of items and maps them to stories or skips, keeping the input order.
     *
     * Fetches with at most `concurrency` requests at once and heartbeats the outcomes finished
     * so far (a {@link FetchStoriesResult}). A retried attempt reads them from
     * `heartbeatDetails` and fetches only the remaining ids. An id given twice is fetched once
     * and its later occurrence is skipped as `duplicate`.
     *
     * Every story is within the field caps (`toStoryOutcome`), and the result, each heartbeat
     * and an incomplete batch's details fit `maxResultBytes`: when they would not, the entries
     * above a common size are cut to it (largest first: titles, then urls replaced by the item's
     * page, then authors; skip details), flagged on the story.
     *
     * Per item: a transient failure is retried in-process ({@link ItemRetryOptions}); a 404,
     * invalid payload or oversized body becomes a skip. When transient failures remain, it
     * heartbeats and throws a retryable `HackerNewsIncompleteBatch` (details:
     * {@link IncompleteBatchDetails}, with each failed id's own failure; cause: the first
     * item's failure). A client error (4xx other than 404/429) stops the batch with a
     * non-retryable `HackerNewsClientError`.
     */
    async fetchStories(input: FetchStoriesInput): Promise<FetchStoriesResult> {
      return fetchStories(deps, input);
    },

    /**
     * The most frequent title words: {@link topWords} as an activity. Failures: `InvalidInput`.
     */
    // eslint-disable-next-line @typescript-eslint/require-await -- activities return promises
    async extractTopWords(input: ExtractTopWordsInput): Promise<WordCount[]> {
      const { titles, limit } = parseInput('extractTopWords', extractTopWordsInput, input);
      return topWords(titles, limit);
    },

    /**
     * Saves a run with the configured store, or returns `{ stored: false }` without one.
     *
     * Failures: `InvalidInput`; an `ApplicationFailure` from the store passes through unchanged;
     * any other store error becomes a retryable `PipelineStoreError` (stores are idempotent).
     */
    async storeRun(record: RunRecord): Promise<StoreRunResult> {
      parseInput('storeRun', runRecordInput, record);
      if (!store) return { stored: false };
      try {
        const result = await store.saveRun(record);
        return { stored: true, ...result };
      } catch (error) {
        throw storeFailure(`Saving run ${record.runId}`, error);
      }
    },
  };
}

async function fetchStories(
  deps: StoryActivitiesDeps,
  input: FetchStoriesInput,
): Promise<FetchStoriesResult> {
  const { fetchItem, heartbeatIntervalMs, logger } = deps;
  const { ids, concurrency, maxResultBytes } = parseInput('fetchStories', fetchStoriesInput, input);
  const context = Context.current();
  const { cancellationSignal } = context;
  const log = logger();

  const done = resumeFrom(context.info.heartbeatDetails, ids, log);
  const resumedCount = done.size;
  const remaining = [...new Set(ids)].filter((id) => !done.has(id));
  const stop = new AbortController();
  const signal = AbortSignal.any([cancellationSignal, stop.signal]);
  const failed = new Map<number, HackerNewsApiError>();
  let fatal: unknown;

  const budget = new ResultBudget(ids, maxResultBytes);
  const heartbeat = (): void => context.heartbeat(budget.collect(done));
  heartbeat();
  const ticker = setInterval(heartbeat, heartbeatIntervalMs);

  try {
    await runPool(remaining, concurrency, async (id) => {
      if (signal.aborted) return;
      try {
        done.set(id, toStoryOutcome(id, await fetchItem(id, signal)));
        heartbeat();
      } catch (error) {
        if (signal.aborted) return;
        const skipped =
          error instanceof HackerNewsApiError ? skippedFromError(id, error) : undefined;
        if (skipped) {
          done.set(id, { kind: 'skipped', skipped });
          heartbeat();
        } else if (error instanceof HackerNewsApiError && error.retryable) {
          failed.set(id, error);
        } else {
          fatal ??= error;
          stop.abort();
        }
      }
    });
  } finally {
    clearInterval(ticker);
  }

  if (cancellationSignal.aborted) throw cancellationSignal.reason;
  if (fatal !== undefined || failed.size > 0) heartbeat();
  if (fatal !== undefined) throw toActivityError(fatal, cancellationSignal);
  if (failed.size > 0) {
    const failedIds = [...new Set(ids)].filter((id) => failed.has(id));
    const first = failed.get(failedIds[0] as number) as HackerNewsApiError;
    const retryAfters = [...failed.values()].flatMap((e) => e.retryAfterMs ?? []);
    const { partial, failures } = budget.collectIncomplete(done, failedIds, failed);
    const details: IncompleteBatchDetails = { failedIds, failures, partial };
    log.warn('fetchStories: items still failing after in-activity retries', {
      failed: failedIds.length,
      done: done.size,
      firstError: first.message,
    });
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.incompleteBatch,
      message:
        `${failedIds.length} of ${ids.length} items still fail with retryable errors ` +
        `(first: ${first.message}); ${done.size} done are kept in the heartbeat details`,
      details: [details],
      cause: toApplicationFailure(first),
      ...(retryAfters.length > 0 ? { nextRetryDelay: Math.max(...retryAfters) } : {}),
    });
  }

  const result = budget.collect(done);
  log.info('fetchStories: done', {
    stories: result.stories.length,
    skipped: result.skipped.length,
    resumed: resumedCount,
  });
  return result;
}

function toActivityError(error: unknown, cancellationSignal: AbortSignal): unknown {
  if (cancellationSignal.aborted) return cancellationSignal.reason;
  if (error instanceof HackerNewsApiError) return toApplicationFailure(error);
  return error;
}

/** Outcomes of ids in `ids` recorded by a previous attempt; empty when there are none. */
function resumeFrom(
  details: unknown,
  ids: readonly number[],
  log: Logger,
): Map<number, StoryOutcome> {
  const done = new Map<number, StoryOutcome>();
  if (details === undefined || details === null) return done;
  const parsed = fetchStoriesProgress.safeParse(details);
  if (!parsed.success) {
    log.warn('fetchStories: ignoring unreadable heartbeat details; fetching every id');
    return done;
  }
  const wanted = new Set(ids);
  for (const story of parsed.data.stories) {
    if (wanted.has(story.id)) done.set(story.id, { kind: 'story', story });
  }
  for (const skipped of parsed.data.skipped) {
    // Duplicates are derived from the ids again, never taken as an id's outcome.
    if (wanted.has(skipped.id) && skipped.reason !== 'duplicate') {
      done.set(skipped.id, { kind: 'skipped', skipped });
    }
  }
  return done;
}

// Room for the JSON around the entries: braces, keys, and per id a comma and its `failedIds`
// number in an incomplete batch's details.
const ENVELOPE_BYTES = 128;
const BYTES_PER_ID = 18;

/**
 * Builds `fetchStories` results, heartbeats and incomplete-batch details for one call's ids,
 * within `maxResultBytes`: each entry's size is measured once, and when the entries would not
 * fit together, those above the water level are cut to it.
 */
class ResultBudget {
  private readonly sizes = new WeakMap<StoryOutcome | ItemFailure, number>();
  private readonly entriesBudget: number;
  /** The outcome of each later occurrence of an id, by index in `ids`. */
  private readonly duplicates = new Map<number, StoryOutcome>();

  constructor(
    private readonly ids: readonly number[],
    maxResultBytes: number,
  ) {
    this.entriesBudget = maxResultBytes - ENVELOPE_BYTES - BYTES_PER_ID * ids.length;
    const firstIndex = new Map<number, number>();
    ids.forEach((id, index) => {
      const first = firstIndex.get(id);
      if (first === undefined) firstIndex.set(id, index);
      else this.duplicates.set(index, duplicateOf(id, first));
    });
  }

  collect(done: ReadonlyMap<number, StoryOutcome>): FetchStoriesResult {
    return this.collectIncomplete(done, [], new Map()).partial;
  }

  collectIncomplete(
    done: ReadonlyMap<number, StoryOutcome>,
    failedIds: readonly number[],
    errors: ReadonlyMap<number, HackerNewsApiError>,
  ): { partial: FetchStoriesResult; failures: ItemFailure[] } {
    const outcomes: StoryOutcome[] = [];
    this.ids.forEach((id, index) => {
      const duplicate = this.duplicates.get(index);
      if (duplicate === undefined) {
        const outcome = done.get(id);
        if (outcome !== undefined) outcomes.push(outcome);
      } else if (done.has(id) || errors.has(id)) {
        outcomes.push(duplicate);
      }
    });
    const failures = failedIds.map((id): ItemFailure => {
      const error = errors.get(id) as HackerNewsApiError;
      return {
        id,
        type: toApplicationFailure(error).type as FailureType,
        message: capText(error.message, FIELD_LIMITS.detail).text,
      };
    });
    const level = waterLevel(
      [...outcomes, ...failures].map((entry) => this.sizeOf(entry)),
      this.entriesBudget,
    );
    const partial: FetchStoriesResult = { stories: [], skipped: [] };
    for (const outcome of outcomes) {
      const fits = this.sizeOf(outcome) <= level;
      if (outcome.kind === 'story') {
        partial.stories.push(fits ? outcome.story : fitStory(outcome.story, level));
      } else {
        partial.skipped.push(fits ? outcome.skipped : fitSkipped(outcome.skipped, level));
      }
    }
    return {
      partial,
      failures: failures.map((failure) =>
        this.sizeOf(failure) <= level ? failure : fitFailure(failure, level),
      ),
    };
  }

  private sizeOf(entry: StoryOutcome | ItemFailure): number {
    let size = this.sizes.get(entry);
    if (size === undefined) {
      size = jsonBytes(
        'kind' in entry ? (entry.kind === 'story' ? entry.story : entry.skipped) : entry,
      );
      this.sizes.set(entry, size);
    }
    return size;
  }
}

function duplicateOf(id: number, firstIndex: number): StoryOutcome {
  return {
    kind: 'skipped',
    skipped: { id, reason: 'duplicate', detail: `also at position ${firstIndex + 1} of the batch` },
  };
}

function fitFailure(failure: ItemFailure, maxBytes: number): ItemFailure {
  const room = maxBytes - jsonBytes({ ...failure, message: '' });
  return { ...failure, message: cutToJsonBytes(failure.message, Math.max(0, room)) };
}
