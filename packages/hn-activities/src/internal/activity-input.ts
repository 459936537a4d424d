import { z } from 'zod';
import { invalidInputFailure } from '../errors';
import { formatIssues } from '../raw-item';
import {
  ITEMS_BUDGET_BYTES,
  MIN_ENTRY_BYTES,
  SKIP_REASONS,
  STORY_FLAGS,
  STORY_LISTS,
} from '@hn/contract';

/** Most ids one `fetchStories` call accepts, and most ids `fetchStoryIds` returns. */
export const MAX_IDS_PER_CALL = 500;
/** Highest `concurrency` one `fetchStories` call accepts. */
export const MAX_FETCH_CONCURRENCY = 200;
/** Default `concurrency` of `fetchStories`. */
export const DEFAULT_FETCH_CONCURRENCY = 10;
/** Most titles one `extractTopWords` call accepts. */
export const MAX_TITLES = 10_000;
/** Highest `limit` of `extractTopWords`. */
export const MAX_TOP_WORDS = 1_000;

const positiveId = z.number().int().positive();

const storyList = z.enum(STORY_LISTS, {
  error: `must be one of ${STORY_LISTS.join(', ')}`,
});

export const fetchStoryIdsInput = z.object({
  list: storyList,
  limit: z.number().int().min(1).max(MAX_IDS_PER_CALL, `must be at most ${MAX_IDS_PER_CALL}`),
});

export const fetchStoriesInput = z
  .object({
    ids: z
      .array(positiveId)
      .max(MAX_IDS_PER_CALL, `at most ${MAX_IDS_PER_CALL} ids per call; split larger batches`),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(MAX_FETCH_CONCURRENCY)
      .default(DEFAULT_FETCH_CONCURRENCY),
    maxResultBytes: z
      .number()
      .int()
      .min(MIN_ENTRY_BYTES)
      .max(ITEMS_BUDGET_BYTES, `must be at most ${ITEMS_BUDGET_BYTES} (ITEMS_BUDGET_BYTES)`)
      .default(ITEMS_BUDGET_BYTES),
  })
  .refine((input) => input.maxResultBytes >= input.ids.length * MIN_ENTRY_BYTES, {
    path: ['maxResultBytes'],
    message: `must leave at least ${MIN_ENTRY_BYTES} bytes (MIN_ENTRY_BYTES) per id`,
  });

export const extractTopWordsInput = z.object({
  titles: z.array(z.string()).max(MAX_TITLES, `at most ${MAX_TITLES} titles per call`),
  limit: z.number().int().min(1).max(MAX_TOP_WORDS).default(10),
});

export const runRecordInput = z
  .object({
    runId: z.string().min(1),
    workflowId: z.string().min(1),
    list: storyList,
    stories: z.array(z.unknown()),
    skipped: z.array(z.unknown()),
    topWords: z.array(z.unknown()),
  })
  .loose();

/** Parses activity input, or throws a non-retryable `InvalidInput` failure naming the problems. */
export function parseInput<S extends z.ZodType>(
  activity: string,
  schema: S,
  input: unknown,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw invalidInputFailure(`${activity}: invalid input: ${formatIssues(parsed.error)}`);
  }
  return parsed.data;
}

const storySchema = z.object({
  id: positiveId,
  title: z.string(),
  by: z.string(),
  url: z.string(),
  score: z.number(),
  time: z.number(),
  comments: z.number(),
  type: z.enum(['story', 'job', 'poll']),
  flags: z.array(z.enum(STORY_FLAGS)).optional(),
});

const skippedSchema = z.object({
  id: positiveId,
  // `unavailable` is decided by the workflow, never recorded by an attempt.
  reason: z.enum(SKIP_REASONS).exclude(['unavailable']),
  detail: z.string().optional(),
});

/** Heartbeat details of `fetchStories`, as a previous attempt recorded them. */
export const fetchStoriesProgress = z.object({
  stories: z.array(storySchema),
  skipped: z.array(skippedSchema),
});
