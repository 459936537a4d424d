import type {
  FetchStoriesResult,
  HackerNewsActivities,
  IncompleteBatchDetails,
} from '@hn/activities';
import {
  FAILURE_TYPES,
  ITEMS_BUDGET_BYTES,
  WORKFLOW_TYPE,
  resolveInput,
  storyIdsOf,
  type HackerNewsInput,
  type HackerNewsReport,
  type HackerNewsResult,
  type Progress,
  type SkippedItem,
} from '@hn/contract';
import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { mapBounded } from './internal/sliding-window';
import { refuseInvalidInput } from './internal/invalid-input';
import { cutDetail, entryShare, planFetch, splitDuplicates } from './plan';
import { progressQuery } from './progress';
import { BOUNDED_RETRY, FOREVER_RETRY } from './retry';

/**
 * The Hacker News pipeline: reads a story list, fetches its stories in bounded parallel chunks,
 * finds the most frequent title words, and saves the run through the worker's destination.
 *
 * Started with no input it returns the top 10 stories as an array, like the tutorial's workflow.
 * Invalid input fails the run at once with a non-retryable `InvalidInput` failure; nothing is
 * fetched. A chunk that still fails when its retry policy gives up is reported as `unavailable`
 * items, each with its own last failure, rather than failing the run; the run fails
 * (`HackerNewsUnavailable`) only if no item at all could be fetched. An id listed twice is
 * fetched once and reported as a `duplicate` skip.
 *
 * Whatever the API serves, every payload stays within `PAYLOAD_BUDGET_BYTES`: each id gets an
 * equal share of `ITEMS_BUDGET_BYTES`, each chunk's `fetchStories` call is held to its ids'
 * shares, and so the stories and skips of the run fit the budget together in `extractTopWords`,
 * `storeRun` and the result.
 */
export async function HackerNewsWorkflow(input?: HackerNewsInput): Promise<HackerNewsResult> {
  const { input: options, problems } = resolveInput(input);
  refuseInvalidInput(WORKFLOW_TYPE, problems);

  const progress: Progress = { phase: 'listing', total: 0, fetched: 0, skipped: 0 };
  setHandler(progressQuery, () => ({ ...progress }));

  const retry = options.retry === 'forever' ? FOREVER_RETRY : BOUNDED_RETRY;
  const { fetchStoryIds, extractTopWords, storeRun } = proxyActivities<HackerNewsActivities>({
    startToCloseTimeout: '30 seconds',
    retry,
  });
  const { fetchStories } = proxyActivities<HackerNewsActivities>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '10 seconds',
    retry,
  });

  const ids = await fetchStoryIds({ list: options.list, limit: options.limit });
  progress.total = ids.length;
  progress.phase = 'fetching';
  const { unique, duplicates } = splitDuplicates(ids);
  progress.fetched = duplicates.length;
  progress.skipped = duplicates.length;

  const share = entryShare(ids.length);
  const plan = planFetch(unique, options.chunkSize, options.concurrency);
  const outcomes = await mapBounded(plan.chunks, plan.parallelActivities, async (chunk) => {
    try {
      const result = await fetchStories({
        ids: chunk,
        concurrency: plan.concurrencyPerActivity,
        maxResultBytes: Math.min(ITEMS_BUDGET_BYTES, share * chunk.length),
      });
      progress.fetched += chunk.length;
      progress.skipped += result.skipped.length;
      return result;
    } catch (error) {
      if (isCancellation(error) || isInvalidInput(error)) throw error;
      const salvaged = salvage(chunk, error, share);
      progress.fetched += chunk.length;
      progress.skipped += salvaged.skipped.length;
      return salvaged;
    }
  });

  const stories = outcomes.flatMap((outcome) => outcome.stories);
  const skipped = [...outcomes.flatMap((outcome) => outcome.skipped), ...duplicates];
  if (
    stories.length === 0 &&
    unique.length > 0 &&
    skipped.every((item) => item.reason === 'unavailable' || item.reason === 'duplicate')
  ) {
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.unavailable,
      message: `None of the ${unique.length} items of the ${options.list} list could be fetched: ${skipped[0]?.detail ?? 'unknown error'}`,
    });
  }

  progress.phase = 'analysing';
  const topWords =
    options.topWords > 0
      ? await extractTopWords({
          titles: stories.map((story) => story.title),
          limit: options.topWords,
        })
      : [];

  let stored = false;
  if (options.store) {
    progress.phase = 'storing';
    const info = workflowInfo();
    const saved = await storeRun({
      runId: info.runId,
      workflowId: info.workflowId,
      list: options.list,
      startedAt: info.runStartTime.toISOString(),
      finishedAt: new Date().toISOString(),
      stories,
      skipped,
      topWords,
    });
    stored = saved.stored;
  }
  progress.phase = 'done';

  if (options.output === 'stories') return stories;
  const previousIds = storyIdsOf(workflowInfo().lastResult);
  const report: HackerNewsReport = {
    list: options.list,
    stories,
    topWords,
    skipped,
    newStoryIds: previousIds
      ? stories.filter((story) => !previousIds.has(story.id)).map((story) => story.id)
      : null,
    stored,
  };
  return report;
}

/**
 * What is left of a chunk whose retries gave up: the stories and skips its last attempt finished
 * (carried in a `HackerNewsIncompleteBatch` failure's details), and the rest as `unavailable`,
 * each with its own failure's message (cut to fit its `share` of the payload budget).
 */
function salvage(chunk: number[], error: unknown, share: number): FetchStoriesResult {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  const detail = cutDetail(failure instanceof Error ? failure.message : String(error), share);
  if (failure instanceof ApplicationFailure && failure.type === FAILURE_TYPES.incompleteBatch) {
    const [details] = failure.details as [IncompleteBatchDetails | undefined];
    if (details?.partial && Array.isArray(details.failedIds)) {
      const messages = new Map<number, string>();
      for (const item of Array.isArray(details.failures) ? details.failures : []) {
        if (typeof item?.message === 'string') messages.set(item.id, item.message);
      }
      const cause = failure.cause?.message ?? detail;
      return {
        stories: details.partial.stories,
        skipped: [
          ...details.partial.skipped,
          ...details.failedIds.map((id): SkippedItem => ({
            id,
            reason: 'unavailable',
            detail: cutDetail(messages.get(id) ?? cause, share),
          })),
        ],
      };
    }
  }
  return {
    stories: [],
    skipped: chunk.map((id): SkippedItem => ({ id, reason: 'unavailable', detail })),
  };
}

function isInvalidInput(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === FAILURE_TYPES.invalidInput
  );
}
