import type { HnItem } from './item';
import type { StoryList } from '@hn/contract';

/**
 * What the fake server serves: items by id, the story lists, and `maxitem`. Ids from 1 to
 * `maxItem` that have no item answer `null`, as the real API does for ids it does not know.
 */
export interface Dataset {
  readonly items: ReadonlyMap<number, HnItem>;
  readonly lists: Readonly<Record<StoryList, readonly number[]>>;
  readonly maxItem: number;
}

/** Counts per kind of item in a generated dataset; see the package README for the defaults. */
export interface DatasetComposition {
  /** Ordinary live stories, all with a `url`. */
  stories: number;
  /** Ask HN stories: no `url`, a `text`. */
  askStories: number;
  /** Show HN stories, with a `url`. */
  showStories: number;
  jobs: number;
  jobsWithUrl: number;
  jobsWithText: number;
  polls: number;
  pollOptions: number;
  comments: number;
  /** Deleted stories: `{ id, deleted: true, time, type }` only. */
  deleted: number;
  /** Dead stories: full fields plus `dead: true`. */
  dead: number;
  /** Ids between the first id and `maxItem` with no item: the API answers `null`. */
  missing: number;
  /** Items stored (everything above except `missing`). */
  totalItems: number;
  firstItem: number;
  maxItem: number;
}

/** A dataset built by {@link createDataset}, with the seed and counts that describe it. */
export interface GeneratedDataset extends Dataset {
  readonly seed: number;
  readonly firstItem: number;
  readonly composition: DatasetComposition;
}
