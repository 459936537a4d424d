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
}

/** Why an item produced no story. */
export type SkipReason =
  | 'null'
  | 'deleted'
  | 'dead'
  | 'not-found'
  | 'not-a-story'
  | 'invalid-payload'
  /** Still failing after the retry policy gave up (an outage longer than the policy allows). */
  | 'unavailable';

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
