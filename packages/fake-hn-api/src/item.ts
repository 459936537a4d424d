/** The `type` field of a Hacker News item. */
export type HnItemType = 'story' | 'job' | 'poll' | 'pollopt' | 'comment';

/**
 * A story, including Ask HN (no `url`, has `text`) and Show HN posts. Dead stories keep their
 * fields and carry `dead: true`.
 */
export interface HnStory {
  by: string;
  dead?: true;
  descendants: number;
  id: number;
  kids?: number[];
  score: number;
  text?: string;
  time: number;
  title: string;
  type: 'story';
  url?: string;
}

/** A job posting: no `descendants`, no `kids`, and either a `url` or a `text`. */
export interface HnJob {
  by: string;
  id: number;
  score: number;
  text?: string;
  time: number;
  title: string;
  type: 'job';
  url?: string;
}

/** A poll; its options are separate `pollopt` items listed in `parts`. */
export interface HnPoll {
  by: string;
  descendants: number;
  id: number;
  kids?: number[];
  parts: number[];
  score: number;
  text?: string;
  time: number;
  title: string;
  type: 'poll';
}

/** One option of a poll. */
export interface HnPollOption {
  by: string;
  id: number;
  poll: number;
  score: number;
  text: string;
  time: number;
  type: 'pollopt';
}

/** A comment on a story, poll or another comment. */
export interface HnComment {
  by: string;
  id: number;
  kids?: number[];
  parent: number;
  text: string;
  time: number;
  type: 'comment';
}

/**
 * What the API keeps of a deleted item. The curated dataset's tombstones always carry `time` and
 * `type`; some generated ones lack `time`, or both, as some on the real site do.
 */
export interface HnDeletedItem {
  deleted: true;
  id: number;
  time?: number;
  type?: HnItemType;
}

/** Any item the API can return from `/v0/item/{id}.json` (besides `null`). */
export type HnItem = HnStory | HnJob | HnPoll | HnPollOption | HnComment | HnDeletedItem;
