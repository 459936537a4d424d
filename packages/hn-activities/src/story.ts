import { FIELD_LIMITS, type SkippedItem, type Story, type StoryFlag } from '@hn/contract';
import type { HackerNewsApiError } from './errors';
import { capText, limitItem } from './item-limits';
import type { RawItem } from './raw-item';

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
 *
 * Every story is within the field caps ({@link limitItem}): a title or author past its cap is cut
 * (`title-truncated`, `by-truncated`), a url that is not a usable http(s) URL is replaced by the
 * item's page (`url-replaced`), and NUL characters and unpaired surrogates become U+FFFD
 * (`text-repaired`). `flags` is present only when one of these happened.
 */
export function toStoryOutcome(id: number, raw: RawItem | null): StoryOutcome {
  if (raw === null) return skip(id, 'null');
  const { item, truncated, repaired, urlProblem } = limitItem(raw);
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
  const story: Story = {
    id,
    title: item.title,
    by: item.by,
    url: item.url ?? itemPageUrl(id),
    score: item.score ?? 0,
    time: item.time,
    comments: item.descendants ?? 0,
    type,
  };
  const flags: StoryFlag[] = [];
  if (truncated.includes('title')) flags.push('title-truncated');
  if (truncated.includes('by')) flags.push('by-truncated');
  if (urlProblem !== undefined) flags.push('url-replaced');
  if (repaired.includes('title') || repaired.includes('by')) flags.push('text-repaired');
  if (flags.length > 0) story.flags = flags;
  return { kind: 'story', story };
}

/**
 * The skip a permanent per-item API failure stands for: `NOT_FOUND` → `'not-found'`,
 * `INVALID_PAYLOAD` → `'invalid-payload'`, `RESPONSE_TOO_LARGE` → `'too-large'`, with the error
 * message (cut to `FIELD_LIMITS.detail`) as detail. Returns undefined for every other code:
 * those are transient (`retryable`), an abort, or a client error (`HTTP_4XX`) that concerns the
 * whole batch rather than one item.
 */
export function skippedFromError(id: number, error: HackerNewsApiError): SkippedItem | undefined {
  const detail = capText(error.message, FIELD_LIMITS.detail).text;
  switch (error.code) {
    case 'NOT_FOUND':
      return { id, reason: 'not-found', detail };
    case 'INVALID_PAYLOAD':
      return { id, reason: 'invalid-payload', detail };
    case 'RESPONSE_TOO_LARGE':
      return { id, reason: 'too-large', detail };
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
