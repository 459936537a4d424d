import type { StoryList } from './story-lists';

/**
 * A story as the pipeline returns and stores it. `title`, `by` and `url` are the tutorial's
 * columns; `url` falls back to the item's Hacker News page for Ask HN posts and jobs.
 */
export interface Story {
  id: number;
  title: string;
  by: string;
  url: string;
  /** Points; 0 when the API omits them (jobs). */
  score: number;
  /** Creation time, Unix seconds. */
  time: number;
  /** Number of comments (`descendants`); 0 when the API omits it. */
  comments: number;
  type: 'story' | 'job' | 'poll';
  /**
   * What the pipeline changed in the API's item to keep it bounded and safe; absent when
   * nothing was changed. See {@link StoryFlag}.
   */
  flags?: StoryFlag[];
}

/**
 * A change the pipeline made to a story's fields:
 * - `title-truncated`, `by-truncated`: the field was cut to its cap (`FIELD_LIMITS`) or to the
 *   story's share of the payload budget;
 * - `url-replaced`: the API's url was not a usable `http:`/`https:` URL (another scheme such as
 *   `javascript:`, `file:` or `data:`, unparsable, or longer than its cap), so `url` is the
 *   item's Hacker News page instead;
 * - `text-repaired`: the title or author held NUL characters or unpaired surrogates, which no
 *   store can keep, each replaced with U+FFFD.
 *
 * Other characters, control and escape sequences included, are kept exactly as served: making
 * text safe for a terminal is the renderer's job.
 */
export const STORY_FLAGS = [
  'title-truncated',
  'by-truncated',
  'url-replaced',
  'text-repaired',
] as const;

/** One of the {@link STORY_FLAGS}. */
export type StoryFlag = (typeof STORY_FLAGS)[number];

/**
 * Why an item produced no story:
 * - `null`: the API answered `null` (an id not assigned yet);
 * - `deleted`, `dead`: the item is flagged so;
 * - `not-found`: the API answered 404;
 * - `not-a-story`: a comment or a poll option;
 * - `invalid-payload`: the payload failed validation (a wrong type, the wrong id, a missing
 *   required field);
 * - `too-large`: the item's body was larger than the client's `maxResponseBytes`;
 * - `duplicate`: the id appeared earlier in the same list; it was fetched once, for its first
 *   position, so this id also appears once among the stories or the other skipped items;
 * - `unavailable`: still failing after the retry policy gave up (an outage longer than the
 *   policy allows); `detail` is that id's own last failure.
 */
export const SKIP_REASONS = [
  'null',
  'deleted',
  'dead',
  'not-found',
  'not-a-story',
  'invalid-payload',
  'too-large',
  'duplicate',
  'unavailable',
] as const;

/** One of the {@link SKIP_REASONS}. */
export type SkipReason = (typeof SKIP_REASONS)[number];

/** An item that produced no story, and why: nothing is dropped silently. */
export interface SkippedItem {
  id: number;
  reason: SkipReason;
  detail?: string;
}

/** A word and how many titles used it. */
export interface WordCount {
  word: string;
  count: number;
}

/** Everything one pipeline run produced, as the destination stores it. */
export interface RunRecord {
  /** Workflow run id: the idempotency key of the run. */
  runId: string;
  workflowId: string;
  list: StoryList;
  /** ISO-8601 timestamps. */
  startedAt: string;
  finishedAt: string;
  /** Stories in list order (rank = index + 1). */
  stories: Story[];
  skipped: SkippedItem[];
  topWords: WordCount[];
}

/** What a destination reports after saving a run. */
export interface SaveRunResult {
  /** Stories inserted or updated by this call. */
  storiesWritten: number;
  /** False when this run was already stored completely (a retried write). */
  runCreated: boolean;
}

/**
 * The destination port the `storeRun` activity writes to. Implementations must be idempotent:
 * saving the same `runId` twice leaves exactly one copy of every row.
 */
export interface PipelineStore {
  saveRun(run: RunRecord): Promise<SaveRunResult>;
  close(): Promise<void>;
}
