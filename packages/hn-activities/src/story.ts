import type { HackerNewsApiError } from './errors';
import type { RawItem } from './raw-item';
import type { SkippedItem, Story } from '@hn/contract';

/** What one item id produced: a story, or a skip with its reason. */
export type StoryOutcome =
  { kind: 'story'; story: Story } | { kind: 'skipped'; skipped: SkippedItem };

/** The item's page on Hacker News, used as `url` for stories without one (Ask HN, jobs). */
export function itemPageUrl(id: number): string {
  return `https://news.ycombinator.com/item?id=${id}`;
}

/**
 * Turns a validated item (or the API's `null`) into a {@link Story} or a {@link SkippedItem}.
 *
 * - `null` → skipped `'null'`; `deleted` → `'deleted'`; `dead` → `'dead'`;
 * - `comment` and `pollopt` → `'not-a-story'`;
 * - `story`, `job` and `poll` become stories; without a `url` (Ask HN, jobs) the url is the
 *   item's Hacker News page; `score` and `comments` default to 0;
 * - a live item without `type`, `by`, `title` or `time` → `'invalid-payload'` naming the fields.
 */
export function toStoryOutcome(id: number, item: RawItem | null): StoryOutcome {
  if (item === null) return skip(id, 'null');
  if (item.deleted === true) return skip(id, 'deleted');
  if (item.dead === true) return skip(id, 'dead');
  const { type } = item;
  if (type === 'comment' || type === 'pollopt') {
    return skip(id, 'not-a-story', `type is ${type}`);
  }
  const missing = (['type', 'by', 'title', 'time'] as const).filter(
    (field) => item[field] === undefined,
  );
  if (
    type === undefined ||
    item.by === undefined ||
    item.title === undefined ||
    item.time === undefined
  ) {
    return skip(id, 'invalid-payload', `missing required field(s): ${missing.join(', ')}`);
  }
  return {
    kind: 'story',
    story: {
      id,
      title: item.title,
      by: item.by,
      url: item.url !== undefined && item.url !== '' ? item.url : itemPageUrl(id),
      score: item.score ?? 0,
      time: item.time,
      comments: item.descendants ?? 0,
      type,
    },
  };
}

/**
 * The skip a permanent per-item API failure stands for: `NOT_FOUND` → `'not-found'`;
 * `INVALID_PAYLOAD` and `RESPONSE_TOO_LARGE` → `'invalid-payload'` with the error message as
 * detail. Returns undefined for every other code: those are transient (`retryable`), an abort,
 * or a client error (`HTTP_4XX`) that concerns the whole batch rather than one item.
 */
export function skippedFromError(id: number, error: HackerNewsApiError): SkippedItem | undefined {
  switch (error.code) {
    case 'NOT_FOUND':
      return { id, reason: 'not-found', detail: error.message };
    case 'INVALID_PAYLOAD':
    case 'RESPONSE_TOO_LARGE':
      return { id, reason: 'invalid-payload', detail: error.message };
    default:
      return undefined;
  }
}

function skip(id: number, reason: SkippedItem['reason'], detail?: string): StoryOutcome {
  return {
    kind: 'skipped',
    skipped: detail === undefined ? { id, reason } : { id, reason, detail },
  };
}
